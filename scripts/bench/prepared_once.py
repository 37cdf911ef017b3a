"""How much preparing an image once saves (docs/library.md, "evaluate"): a BER study of 20
points on the MNIST sample, through one bnnc.Bench against bnnc.run (which prepares the plan,
encodes the samples and runs the ideal chip again for every point). Same accuracies both ways.

    PYTHONPATH=build/python /usr/bin/python3 scripts/bench/prepared_once.py [CHIPS]
"""

import os
import sys
import time

import numpy as np

import bnnc

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
x = np.load(os.path.join(SOURCE, "samples/data/mnist_mlp-test-x.npy"))
y = np.load(os.path.join(SOURCE, "samples/data/mnist_mlp-test-y.npy"))
image = bnnc.compile(os.path.join(SOURCE, "samples/models/mnist_mlp.onnx"))
chips = int(sys.argv[1]) if len(sys.argv) > 1 else 1
bers = [1e-4 * k for k in range(1, 21)]


def prepared_once():
    start = time.perf_counter()
    bench = bnnc.Bench(image, x, y)
    accuracies = [bench.run(chips=chips, ber=b)["accuracy"] for b in bers]
    return time.perf_counter() - start, accuracies


def prepared_per_point():
    start = time.perf_counter()
    accuracies = [bnnc.run(image, x, y, chips=chips, ber=b)["accuracy"] for b in bers]
    return time.perf_counter() - start, accuracies


assert prepared_once()[1] == prepared_per_point()[1]
once = min(prepared_once()[0] for _ in range(5))
each = min(prepared_per_point()[0] for _ in range(5))
print(f"{len(bers)} BER points x {chips} chip(s), {len(x)} samples: prepared once "
      f"{once * 1e3:.1f} ms, prepared per point {each * 1e3:.1f} ms ({each / once:.2f}x)")
