#!/usr/bin/env python3
"""Samples per second of the sample MLP (samples/models/mnist_mlp.onnx, 784-384-384-10) in
PyTorch float32 on this CPU: the reference that scripts/bench/bench.py divides bnnc's figures by.

The network is the training script's module with the ONNX file's weights, its +-1 weights
computed once (the "pre-binarized" variant of cpu_mnist_energy.py: float matrix products through
BLAS, batch norm in eval mode), checked against the ONNX model's outputs first. Rate: batches of
256 digits, CPU time of the process (all threads), best of 5 runs of about 0.3 s each.

Usage: /usr/bin/python3 scripts/bench/torch_mlp.py [--threads 1] [--batch 256]
Prints one line: "torch <samples per second> <torch version> <BLAS>".
"""

import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cpu_mnist_energy as cme  # noqa: E402  (the module and its checks)


def blas():
    """The BLAS library loaded into this process (Debian's torch calls libblas.so.3, which the
    alternatives system points at OpenBLAS when libopenblas0-pthread is installed)."""
    with open("/proc/self/maps") as f:
        libs = [os.path.basename(line.split()[-1]) for line in f if ".so" in line]
    libs = [lib for lib in libs if "blas" in lib.lower()]
    return libs[0] if libs else "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    x = np.load(cme.TEST_X).astype(np.float32)
    model = cme.PreBinarized(cme.load_module())
    cme.check(model, x, np.load(cme.EXPECTED)[: len(x)])
    batch = torch.from_numpy(np.resize(x, (args.batch, x.shape[1])))
    best = 0.0
    with torch.no_grad():
        for _ in range(20):  # warm-up
            model(batch)
        for _ in range(5):
            runs, c0 = 0, time.process_time()
            while time.process_time() - c0 < 0.3:
                model(batch)
                runs += 1
            best = max(best, runs * args.batch / (time.process_time() - c0))
    print(f"torch {best:.0f} {torch.__version__} {blas()}")


if __name__ == "__main__":
    main()
