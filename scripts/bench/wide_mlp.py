#!/usr/bin/env python3
"""Writes the wide benchmark MLP, 784-2048-2048-10, as ONNX: the sample MLP's structure
(samples/training/train_mnist_mlp.py: sign(x - 0.5), binary linear layers with batch norm,
Hardtanh and the detach trick, LogSoftmax) with random weights and batch-norm statistics.
Untrained: it is for timing, its accuracy means nothing. The file is about 26 MB, so the
benchmark script generates it instead of the repository holding it.

Usage: /usr/bin/python3 scripts/bench/wide_mlp.py OUT.onnx [--hidden 2048] [--seed 1]
"""

import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "samples", "training"))

import bnn_common as bc  # noqa: E402  (needs samples/training on sys.path)


class WideMlp(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.fc1, self.bn1 = bc.BinaryLinear(784, hidden), nn.BatchNorm1d(hidden)
        self.fc2, self.bn2 = bc.BinaryLinear(hidden, hidden), nn.BatchNorm1d(hidden)
        self.fc3, self.bn3 = bc.BinaryLinear(hidden, 10), nn.BatchNorm1d(10)

    def forward(self, x):
        x = bc.SignGE.apply(x - 0.5)
        x = bc.sign_detach(self.bn1(self.fc1(x)))
        x = bc.sign_detach(self.bn2(self.fc2(x)))
        return F.log_softmax(self.bn3(self.fc3(x)), dim=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--hidden", type=int, default=2048)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    model = WideMlp(args.hidden)
    # Batch-norm statistics around the pre-activations of +-1 inputs (spread sqrt(fan-in)), so
    # that the hidden bits are not constant.
    with torch.no_grad():
        for bn, fan_in in ((model.bn1, 784), (model.bn2, args.hidden), (model.bn3, args.hidden)):
            bn.running_mean.normal_(0, fan_in ** 0.5 / 4)
            bn.running_var.uniform_(0.5 * fan_in, 1.5 * fan_in)
            bn.weight.uniform_(-1, 1)
            bn.bias.normal_(0, 0.1)
    model.eval()
    bc.export(model, torch.rand(2, 784), args.out, 13, True)


if __name__ == "__main__":
    main()
