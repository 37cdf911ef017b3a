"""The model of docs/tutorial.md: a small binarized MLP written in plain PyTorch (no helper
module), trained on the MNIST digits committed in samples/data and exported to ONNX for bnnc.

    python3 samples/training/tutorial_mlp.py --out DIR [--activation sign|tanh]

Writes DIR/my_mlp.onnx, DIR/my_mlp-test-x.npy (float32 pixels in [0, 1], 500 x 784) and
DIR/my_mlp-test-y.npy (int64 labels), and prints PyTorch's accuracy on those 500 digits.
`--activation tanh` puts a Tanh where the binarizer should be: the tutorial's example of a model
that bnnc refuses. Needs torch and onnx (Debian: python3-torch python3-onnx, run with
/usr/bin/python3); trains in about 5 s of CPU.

Data: the 2,000 test digits of the mnist_mlp sample (samples/data/mnist_mlp-test-*.gz), split
1,500 for training and 500 for testing. A tutorial's model, not a good one: for a real model
train on real training data (samples/training/train_mnist_mlp.py).
"""

import require  # noqa: E402, first: says which interpreter to use if a package is missing

require.modules("numpy", "torch", "onnx")

import argparse
import gzip
import os
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def read_idx(name):
    """An IDX file as MNIST ships it (gzipped, big-endian header, uint8 payload)."""
    with gzip.open(os.path.join(DATA, name)) as f:
        raw = f.read()
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


class SignSTE(torch.autograd.Function):
    """+1 where x >= 0, else -1; the gradient passes where |x| <= 1 (straight-through).
    Exports as GreaterOrEqual + Where, which bnnc reads as a binarizer (0 maps to +1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.tensor(1.0), torch.tensor(-1.0))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


class BinaryLinear(nn.Linear):
    """A linear layer whose weights are the signs of its real (latent) weights."""

    def forward(self, x):
        return F.linear(x, SignSTE.apply(self.weight))


class MyMlp(nn.Module):
    """784 -> 256 -> 10: binarized input, binary weights, batch norm, sign; BN'd scores out."""

    def __init__(self, activation):
        super().__init__()
        self.fc1 = BinaryLinear(784, 256, bias=False)
        self.bn1 = nn.BatchNorm1d(256)
        self.fc2 = BinaryLinear(256, 10, bias=False)
        self.bn2 = nn.BatchNorm1d(10)
        self.activation = SignSTE.apply if activation == "sign" else torch.tanh

    def forward(self, x):
        x = SignSTE.apply(x - 0.5)  # binarize the pixels inside the model: x >= 0.5 -> +1
        x = self.activation(self.bn1(self.fc1(x)))
        return self.bn2(self.fc2(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--activation", choices=["sign", "tanh"], default="sign")
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)

    x = read_idx("mnist_mlp-test-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    y = read_idx("mnist_mlp-test-labels-idx1-ubyte.gz").astype(np.int64)
    x_train, y_train = torch.from_numpy(x[:1500]), torch.from_numpy(y[:1500])
    x_test, y_test = x[1500:], y[1500:]

    model = MyMlp(args.activation)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for epoch in range(30):
        model.train()
        for i in torch.randperm(1500).split(50):
            loss = F.cross_entropy(model(x_train[i]), y_train[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():  # keep the latent weights in [-1, 1]
                for layer in (model.fc1, model.fc2):
                    layer.weight.clamp_(-1, 1)

    model.eval()
    with torch.no_grad():
        predicted = model(torch.from_numpy(x_test)).argmax(1).numpy()
    print(f"PyTorch accuracy on the 500 test digits: {(predicted == y_test).mean():.4f}")

    os.makedirs(args.out, exist_ok=True)
    # the +-1 constants of SignSTE are constants in the graph: the tracer's warning says just that
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    torch.onnx.export(model, torch.from_numpy(x_test[:1]), os.path.join(args.out, "my_mlp.onnx"),
                      opset_version=13, input_names=["input"], output_names=["scores"],
                      dynamic_axes={"input": {0: "batch"}, "scores": {0: "batch"}})
    np.save(os.path.join(args.out, "my_mlp-test-x.npy"), x_test)
    np.save(os.path.join(args.out, "my_mlp-test-y.npy"), y_test)
    print(f"wrote {args.out}/my_mlp.onnx and the 500 test digits as .npy")


if __name__ == "__main__":
    main()
