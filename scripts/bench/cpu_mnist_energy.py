#!/usr/bin/env python3
"""Energy per MNIST digit of the sample MLP run in PyTorch on this CPU, for docs/energy.md.

The talk says a CPU/GPU spends ~mJ to recognise one MNIST digit. This script measures what the
committed sample (samples/models/mnist_mlp.onnx, 784-384-384-10 binarized MLP) costs in PyTorch:
time per digit at batch 1 and at batch 256 (median of several runs), times a stated CPU power.

Model: the training script's own module (samples/training/train_mnist_mlp.py, MnistMlp), with the
weights loaded from the ONNX initializers (fc*.weight, bn*.*), in eval mode. It is checked against
samples/data/mnist_mlp-torch-out.npy (the ONNX model's outputs) before timing. Two variants run:
  as-exported   the module as the ONNX graph computes it: sign(W) recomputed at every call
  pre-binarized the +-1 weights computed once (what a careful CPU deployment would do)

Power: the script cannot measure power (no RAPL in a VM); it multiplies the CPU time the process
used (core-seconds, all threads) by `--watts-per-core` (default 15 W per core in use, a stated
assumption) and prints the CPU model from /proc/cpuinfo so that the reader can substitute a
published TDP. CPU time rather than wall time: on a shared machine the wall clock also runs while
other processes have the core. Wall time per digit is reported too.

Run: /usr/bin/python3 scripts/bench/cpu_mnist_energy.py [--threads 1] [--runs 7]
     [--watts-per-core 15] [--chip-pj PJ] [--json OUT.json]
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "samples", "training"))

import train_mnist_mlp  # noqa: E402  (needs samples/training on sys.path)

MODEL = os.path.join(ROOT, "samples", "models", "mnist_mlp.onnx")
TEST_X = os.path.join(ROOT, "samples", "data", "mnist_mlp-test-x.npy")
EXPECTED = os.path.join(ROOT, "samples", "data", "mnist_mlp-torch-out.npy")


def load_module():
    """MnistMlp with the ONNX initializers as its parameters and buffers."""
    model = train_mnist_mlp.MnistMlp()
    state = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
             for t in onnx.load(MODEL).graph.initializer}
    missing, unexpected = model.load_state_dict(state, strict=False)
    # Only the BN step counters are not in the ONNX file; they do not affect eval mode.
    assert all(k.endswith("num_batches_tracked") for k in missing), missing
    assert not unexpected, unexpected
    return model.eval()


class PreBinarized(torch.nn.Module):
    """The same network with sign(W) computed once: +-1 float weights, BN in eval mode."""

    def __init__(self, m):
        super().__init__()
        sign = lambda w: torch.where(w >= 0, 1.0, -1.0).t().contiguous()  # noqa: E731
        self.w = [sign(m.fc1.weight.detach()), sign(m.fc2.weight.detach()),
                  sign(m.fc3.weight.detach())]
        self.bn = [m.bn1, m.bn2, m.bn3]

    def forward(self, x):
        x = torch.where(x - 0.5 >= 0, 1.0, -1.0)
        for i in range(2):
            x = torch.sign(F.hardtanh(self.bn[i](x @ self.w[i])))
        return F.log_softmax(self.bn[2](x @ self.w[2]), dim=1)


def check(model, x, expected):
    """Largest |difference| to the ONNX model's outputs; the predictions must all agree."""
    with torch.no_grad():
        out = model(torch.from_numpy(x)).numpy()
    assert (out.argmax(1) == expected.argmax(1)).all(), "predictions differ from the ONNX model"
    return float(np.abs(out - expected).max())


def seconds_per_digit(model, x, batch, digits, runs):
    """Medians over `runs` of wall time and of CPU time (core-seconds of all the process's
    threads) per digit, running `digits` digits in batches of `batch`."""
    rows = torch.from_numpy(np.resize(x, (max(batch, len(x)), x.shape[1])))
    batches = [rows[i % (len(rows) - batch + 1):][:batch] for i in range(digits // batch)]
    wall, cpu = [], []
    with torch.no_grad():
        for b in batches[:10]:  # warm-up (allocator, BLAS threads, caches)
            model(b)
        for _ in range(runs):
            w0, c0 = time.perf_counter(), time.process_time()
            for b in batches:
                model(b)
            n = len(batches) * batch
            wall.append((time.perf_counter() - w0) / n)
            cpu.append((time.process_time() - c0) / n)
    return statistics.median(wall), statistics.median(cpu), cpu


def cpu_model():
    fields = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            if ":" in line:
                key, value = (s.strip() for s in line.split(":", 1))
                fields.setdefault(key, value)
    return {k: fields.get(k, "?") for k in ("model name", "cpu family", "model", "stepping")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--digits", type=int, default=4096, help="digits per run (batch 1: 1/4)")
    ap.add_argument("--watts-per-core", type=float, default=15.0)
    ap.add_argument("--chip-pj", type=float, help="the chip's energy per inference, to compare")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    x = np.load(TEST_X).astype(np.float32)
    expected = np.load(EXPECTED)[: len(x)]
    exported = load_module()
    variants = {"as-exported": exported, "pre-binarized": PreBinarized(exported)}
    report = {"cpu": cpu_model(), "torch": torch.__version__, "threads": args.threads,
              "watts_per_core_assumed": args.watts_per_core, "runs": args.runs,
              "load_average": os.getloadavg(), "results": []}
    print(f"CPU: {report['cpu']}, torch {torch.__version__}, {args.threads} thread(s)")
    # Other processes on the machine slow the runs down; the load average says how busy it was.
    print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    print(f"power: {args.watts_per_core:g} W per core in use (assumption, see docs/energy.md)")
    for name, model in variants.items():
        diff = check(model, x, expected)
        for batch, digits in ((1, args.digits // 4), (256, args.digits)):
            wall, cpu, cpu_runs = seconds_per_digit(model, x, batch, digits, args.runs)
            # Energy = core-seconds used x power per core: CPU time, not wall time, so that time
            # other processes ran on a shared machine is not charged to the model.
            joules = cpu * args.watts_per_core
            row = {"variant": name, "batch": batch, "max_abs_diff_to_onnx": diff,
                   "wall_us_per_digit": wall * 1e6, "cpu_us_per_digit": cpu * 1e6,
                   "cpu_us_per_digit_runs": [r * 1e6 for r in cpu_runs],
                   "uj_per_digit": joules * 1e6}
            line = (f"{name:13s} batch {batch:3d}: {wall * 1e6:8.2f} us wall, {cpu * 1e6:8.2f} us "
                    f"CPU per digit -> {joules * 1e6:8.2f} uJ/digit")
            if args.chip_pj:
                row["ratio_to_chip"] = joules / (args.chip_pj * 1e-12)
                line += f" ({row['ratio_to_chip']:.2g} x the chip's {args.chip_pj:g} pJ)"
            print(line)
            report["results"].append(row)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
