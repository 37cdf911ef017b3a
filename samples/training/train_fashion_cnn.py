"""Trains and exports samples/models/fashion_cnn.onnx: a binarized CNN on Fashion-MNIST.

Data: the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*.gz, IDX).
Training uses all 60,000 training images (in a fixed random order); the test set is the first
1,000 images of t10k. The first convolution sees the raw pixel u8 / 255 (8-bit input, no
binarization; its weights are binary), so compile with --input-bits 8 --input-range 0,1.

Model (what the exported graph contains; opset 14, batch fixed to 1):
    Conv(1->32, 3x3, pad 1, binary W) BN sign MaxPool(2)     sign = GreaterOrEqual + Where
    Conv(32->64, 3x3, pad 1, binary W) BN MaxPool(2) sign    pool before the sign, after BN
    Flatten, MatMul(3136->128, binary W) BN sign
    MatMul(128->10, binary W) BN                             the scores

Run: /usr/bin/python3 samples/training/train_fashion_cnn.py
Writes samples/models/fashion_cnn.{onnx,json} and samples/data/fashion_cnn-*.
"""

import require  # noqa: E402, first: says which interpreter to use if a package is missing

require.modules("numpy", "torch", "onnx")

import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import bnn_common as bc

SEED = 20240602
TRAIN_IMAGES = 60000
EPOCHS = 4
BATCH = 100
TEST_IMAGES = 1000
NPY_ROWS = 300  # rows of the float32 .npy copy of the test set (keeps it under 2 MB)
OPSET = 14
FASHION = "/usr/share/datasets/fashion-mnist"


class FashionCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = bc.BinaryConv(2, 1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = bc.BinaryConv(2, 32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = bc.BinaryLinear(64 * 7 * 7, 128)
        self.bn3 = nn.BatchNorm1d(128)
        self.fc2 = bc.BinaryLinear(128, 10)
        self.bn4 = nn.BatchNorm1d(10)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()

    def forward(self, x):
        x = self.pool(bc.SignGE.apply(self.bn1(self.conv1(x))))
        x = bc.SignGE.apply(self.pool(self.bn2(self.conv2(x))))
        x = bc.SignGE.apply(self.bn3(self.fc1(self.flatten(x))))
        return self.bn4(self.fc2(x))

    def center_pairs(self):
        # conv1: +-1 weights times q/255 inputs (zero padding adds 0): 255 * dot is an integer.
        # The other layers see +-1 inputs: integer dots.
        return [(self.bn1, 1.0 / 255.0), (self.bn2, 1.0), (self.bn3, 1.0)]


def load(kind):
    x = bc.read_idx_gz(os.path.join(FASHION, f"{kind}-images-idx3-ubyte.gz"))
    y = bc.read_idx_gz(os.path.join(FASHION, f"{kind}-labels-idx1-ubyte.gz"))
    return x, y.astype(np.int64)


def to_input(u8):
    """N x 28 x 28 bytes -> N x 1 x 28 x 28 float32 tensor of u8 / 255."""
    return torch.from_numpy(bc.u8_to_unit(u8)[:, None, :, :])


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
        for i in range(0, len(y) - BATCH + 1, BATCH):
            idx = perm[i:i + BATCH]
            loss = F.cross_entropy(model(to_input(x_u8[idx])), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            bc.clip_latent_weights(model)
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}: loss {total / len(y):.4f}", flush=True)


def main():
    bc.seed_everything(SEED)
    x_all, y_all = load("train")
    pick = np.random.RandomState(SEED).permutation(len(y_all))[:TRAIN_IMAGES]
    x_te_u8, y_te = load("t10k")
    x_te_u8, y_te = x_te_u8[:TEST_IMAGES], y_te[:TEST_IMAGES]

    model = FashionCnn()
    start = time.time()
    train(model, x_all[pick], y_all[pick])
    train_seconds = time.time() - start

    xt = to_input(x_te_u8)
    model.eval()
    bc.normalize_bn_gain(model, [model.bn1, model.bn2, model.bn3], xt)
    bc.center_thresholds(model, model.center_pairs(), xt)
    with torch.no_grad():
        out = model(xt).numpy()
    acc = float((out.argmax(1) == y_te).mean())
    margins = bc.presign_margins(model, [model.bn1, model.bn2, model.bn3], xt)

    name = "fashion_cnn"
    onnx_path = os.path.join(bc.MODELS_DIR, name + ".onnx")
    # export next to the committed file and replace it only once every check has passed
    bc.export(model, xt[:1], onnx_path + ".new", OPSET, dynamic_batch=False)
    abs_err, rel_err, margin = bc.numpy_rerun(onnx_path + ".new", xt.numpy(), out)
    os.replace(onnx_path + ".new", onnx_path)

    bc.write_idx_gz(os.path.join(bc.DATA_DIR, name + "-test-images-idx3-ubyte.gz"), x_te_u8)
    bc.write_idx_gz(os.path.join(bc.DATA_DIR, name + "-test-labels-idx1-ubyte.gz"), y_te)
    bc.save_npy(name + "-test-x.npy", xt.numpy()[:NPY_ROWS], np.float32)
    bc.save_npy(name + "-test-y.npy", y_te[:NPY_ROWS], np.int64)
    bc.save_npy(name + "-torch-out.npy", out, np.float32)

    stats = dict(accuracy=acc, train_seconds=round(train_seconds, 1), presign_margins=margins,
                 numpy_abs_err=abs_err, onnx_margin=margin, numpy_rel_err=rel_err,
                 top2_gap=bc.top2_gap(out))
    bc.report(name, stats)
    bc.write_json(os.path.join(bc.MODELS_DIR, name + ".json"), {
        "input_bits": 8,
        "input_range": [0, 1],
        "torch_accuracy": round(acc, 4),
        "test_samples": TEST_IMAGES,
        "files": {
            "test_images_idx": "samples/data/fashion_cnn-test-images-idx3-ubyte.gz",
            "test_labels_idx": "samples/data/fashion_cnn-test-labels-idx1-ubyte.gz",
            "test_x_npy": "samples/data/fashion_cnn-test-x.npy",
            "test_y_npy": "samples/data/fashion_cnn-test-y.npy",
            "expected": "samples/data/fashion_cnn-torch-out.npy",
        },
        "npy_samples": NPY_ROWS,
        "notes": (
            "Binarized CNN, 8-bit input u8/255 into a binary-weight first conv. Trained on "
            f"{TRAIN_IMAGES} Fashion-MNIST training images ({EPOCHS} epochs), tested on the "
            f"first {TEST_IMAGES} t10k images (IDX files hold all of them, the .npy files the "
            f"first {NPY_ROWS}; row i of torch-out is sample i of both). Conv2 has MaxPool "
            "between BN and sign. Output: BN'd scores, no softmax. Hidden thresholds centred; "
            f"smallest |BN output| before a sign: {min(margins):.3g}. Opset {OPSET}, batch 1."
        ),
    })


if __name__ == "__main__":
    main()
