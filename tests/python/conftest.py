"""Fixtures of the Python module's tests: the bnnc binary and the sample files (ctest sets
BNNC_BINARY and BNNC_SOURCE_DIR, and PYTHONPATH to the module in the build)."""

import json
import os
import subprocess

import numpy as np
import pytest

SOURCE = os.environ.get("BNNC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("BNNC_BINARY", os.path.join(SOURCE, "build", "bnnc"))
MODEL = os.path.join(SOURCE, "samples/models/mnist_mlp.onnx")
DATA = os.path.join(SOURCE, "samples/data/mnist_mlp-test-x.npy")
LABELS = os.path.join(SOURCE, "samples/data/mnist_mlp-test-y.npy")


def cli(*args):
    """Runs the bnnc binary; returns the completed process (stdout and stderr as text)."""
    return subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True)


def cli_json(path, *args):
    """Runs the bnnc binary with --json `path` (or -o for a sweep) and reads what it wrote."""
    done = cli(*args)
    assert done.returncode == 0, done.stderr
    with open(path) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def mnist():
    """The MNIST sample's test samples and labels, as numpy arrays."""
    return np.load(DATA), np.load(LABELS)
