#!/usr/bin/env python3
"""Throughput of `bnnc run` on the multi-bit models (docs/benchmarks.md, "Multi-bit programs"):
the zoo's TFC 2W2A (MNIST), the generated 4-bit convolution and the mixed-precision CNN, on the
ideal chip (--ideal) and device-accurate (one chip of the `typical` preset, the ideal chip's run
included), one thread, CPU time (user + system).

A rate is N / (t(2N) - t(N)), best of --runs runs each, so what does not grow with the samples
(reading the image, programming the chip) is left out. The data are the models' committed inputs
repeated to N rows (MNIST as uint8 read with --data-div 255).

Usage: /usr/bin/python3 scripts/bench/multibit.py [--bnnc build/bnnc] [--runs 3] [--scale 1]
"""

import argparse
import os
import sys
import tempfile

import numpy as np

from bench import ROOT, cpu_info, kernels, timed, write_npy_u8

EXTERNAL = os.path.join(ROOT, "tests", "models", "external")
# name, model, inputs, --data-div, N
MODELS = [
    ("zoo_tfc_w2a2", "zoo_tfc_w2a2.onnx", os.path.join(ROOT, "samples/data/mnist_mlp-test-x.npy"),
     255, 80000),
    ("gen_qonnx_w4a4_conv", "gen_qonnx_w4a4_conv.onnx", "gen_qonnx_w4a4_conv-x.npy", None, 8000),
    ("gen_mixed_precision", "gen_mixed_precision.onnx", "gen_mixed_precision-x.npy", None, 20000),
]


def data(work, name, src, div, rows):
    path = os.path.join(work, f"{name}-{rows}.npy")
    if div:
        write_npy_u8(src, rows, path)
    else:
        x = np.load(os.path.join(EXTERNAL, src))
        np.save(path, np.resize(x, (rows,) + x.shape[1:]))
    return path


def rate(cmds, n, runs):
    t = [min(timed(c)[1] for _ in range(runs)) for c in cmds]
    return n / (t[1] - t[0]) if t[1] > t[0] else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bnnc", default=os.path.join(ROOT, "build", "bnnc"))
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs per time")
    ap.add_argument("--scale", type=float, default=1, help="multiplies every N")
    args = ap.parse_args()
    bnnc = os.path.abspath(args.bnnc)
    work = tempfile.mkdtemp(prefix="bnnc-multibit-")
    model, flags = cpu_info()
    print(f"CPU: {model}; flags: {' '.join(flags)}; bnnc kernels: {kernels(flags)}")
    print("| model | N | ideal samples/s | typical, 1 chip samples/s |")
    print("|---|---|---|---|")
    for name, onnx, src, div, n in MODELS:
        n = int(n * args.scale)
        image = os.path.join(work, name + ".bnn")
        timed([bnnc, "compile", os.path.join(EXTERNAL, onnx), "-o", image])
        files = [data(work, name, src, div, rows) for rows in (n, 2 * n)]
        div_flags = ["--data-div", str(div)] if div else []
        rates = []
        for extra in (["--ideal"], []):
            cmds = [[bnnc, "run", image, "--data", f, "--threads", "1"] + div_flags + extra
                    for f in files]
            rates.append(rate(cmds, n, args.runs))
        print(f"| {name} | {n:,} | {rates[0]:,.0f} | {rates[1]:,.0f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
