"""What the exploration scripts share: the sample model and data, the budget options, and bnnc
itself (PYTHONPATH=build/python, or an installed bnnc)."""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "samples/models/mnist_mlp.onnx")
DATA = os.path.join(ROOT, "samples/data/mnist_mlp-test-x.npy")
LABELS = os.path.join(ROOT, "samples/data/mnist_mlp-test-y.npy")

try:
    import bnnc  # noqa: F401 - re-exported for the scripts
except ImportError:
    sys.exit("bnnc is not importable: build it (bash scripts/build.sh) and run with "
             "PYTHONPATH=build/python, or install it")


def options(description, samples=400, chips=5):
    """The options every script takes: where to write, and the budget (samples, chips)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", default="dse-out", help="directory for the results and plots")
    p.add_argument("--samples", type=int, default=samples, help="test samples per point")
    p.add_argument("--chips", type=int, default=chips, help="chips per point")
    p.add_argument("--threads", type=int, default=2, help="worker threads")
    return p


def test_set(samples):
    """The first `samples` test samples and their labels, as numpy arrays."""
    import numpy as np

    return np.load(DATA)[:samples], np.load(LABELS)[:samples]


def pyplot():
    """matplotlib's pyplot, drawing to files (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
