"""Trains the 8-bit counterpart of ecg_cnn1d, for the memory comparison of docs/results.md.

Same data (ecg_synth.py, same seeds and sizes as train_ecg_cnn1d.py), same layers:
    Conv1d(1->16, k7, stride 2, pad 3) BN ReLU MaxPool(2)
    Conv1d(16->32, k5, dilation 2, pad 4) BN ReLU MaxPool(2)
    Linear(1024->64) BN ReLU
    Linear(64->4) with bias                                        the scores
but with 8-bit weights (symmetric, one scale per output channel, fake-quantized in the forward
pass with a straight-through gradient) and 8-bit activations (every ReLU output quantized to 255
levels of a range learned as the 99.99th percentile of the training batch, tracked by an
exponential average). The input is the same 8-bit grid on [-1, 1]. Batch norm stays in float:
it folds into the weights and a bias at deployment, which the memory count of the flow charges
as one 16-bit number per neuron, as it does the BNN's thresholds.

Nothing is exported: bnnc compiles binarized networks only. The script writes its test accuracy
to samples/training/ecg_cnn1d_8bit.json, which the flow's memory table reads.

Run: /usr/bin/python3 samples/training/train_ecg_cnn1d_8bit.py
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
import ecg_synth
import train_ecg_cnn1d as bnn

SEED = bnn.SEED  # the same data as the binarized network
EPOCHS = bnn.EPOCHS  # the same training budget as the binarized network
BITS = 8


class QuantWeight(torch.autograd.Function):
    """w -> s * round(w / s), s = max|w_c| / 127 per output channel; identity gradient."""

    @staticmethod
    def forward(ctx, w):
        levels = 2 ** (BITS - 1) - 1
        flat = w.reshape(w.shape[0], -1)
        scale = flat.abs().max(dim=1).values.clamp(min=1e-8) / levels
        shape = (-1,) + (1,) * (w.dim() - 1)
        return torch.round(w / scale.view(shape)) * scale.view(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad


class QuantReLU(nn.Module):
    """ReLU, then 8-bit unsigned quantization on [0, range]; range tracked on training batches."""

    def __init__(self):
        super().__init__()
        self.register_buffer("range", torch.tensor(1.0))

    def forward(self, x):
        x = F.relu(x)
        if self.training:
            top = torch.quantile(x.detach().flatten()[:100000], 0.9999).clamp(min=1e-3)
            self.range.mul_(0.9).add_(0.1 * top)
        step = self.range / (2**BITS - 1)
        q = torch.clamp(torch.round(x / step), 0, 2**BITS - 1) * step
        return x + (q - x).detach()  # straight-through


class QConv(nn.Conv1d):
    def forward(self, x):
        return F.conv1d(x, QuantWeight.apply(self.weight), None, self.stride, self.padding,
                        self.dilation)


class QLinear(nn.Linear):
    def forward(self, x):
        return F.linear(x, QuantWeight.apply(self.weight), self.bias)


class EcgCnn8(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = QConv(1, 16, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm1d(16)
        self.conv2 = QConv(16, 32, 5, padding=4, dilation=2, bias=False)
        self.bn2 = nn.BatchNorm1d(32)
        self.fc1 = QLinear(32 * 32, 64, bias=False)
        self.bn3 = nn.BatchNorm1d(64)
        self.fc2 = QLinear(64, 4)
        self.act = nn.ModuleList([QuantReLU() for _ in range(3)])
        self.pool = nn.MaxPool1d(2)

    def forward(self, x):
        x = self.pool(self.act[0](self.bn1(self.conv1(x))))
        x = self.pool(self.act[1](self.bn2(self.conv2(x))))
        x = self.act[2](self.bn3(self.fc1(x.flatten(1))))
        return self.fc2(x)


def main():
    bc.seed_everything(SEED)
    beats, y_tr = ecg_synth.make_beats(bnn.TRAIN_BEATS, SEED)
    _, x_tr = ecg_synth.quantize(beats)
    beats, y_te = ecg_synth.make_beats(bnn.TEST_BEATS, SEED + 100)
    _, x_te = ecg_synth.quantize(beats)
    # the binarized model's committed test set is this one
    committed = np.load(os.path.join(bc.DATA_DIR, "ecg_cnn1d-test-x.npy"))
    assert np.array_equal(committed, x_te), "test set differs from samples/data/ecg_cnn1d-test-x"

    model = EcgCnn8()
    start = time.time()
    bnn.train(model, x_tr[:, None, :], y_tr, clip_latent=False)
    seconds = time.time() - start
    model.eval()
    with torch.no_grad():
        acc = float((model(torch.from_numpy(x_te[:, None, :])).argmax(1).numpy() == y_te).mean())
    bc.report("ecg_cnn1d_8bit", dict(accuracy=acc, train_seconds=round(seconds, 1)))
    bc.write_json(os.path.join(bc.HERE, "ecg_cnn1d_8bit.json"), {
        "accuracy": round(acc, 4),
        "test_samples": int(len(y_te)),
        "epochs": EPOCHS,
        "weight_bits": BITS,
        "activation_bits": BITS,
        "notes": ("ecg_cnn1d's layers with 8-bit weights (per output channel) and 8-bit ReLU "
                  "activations, trained by train_ecg_cnn1d_8bit.py on the same synthetic beats; "
                  "accuracy on the committed ecg_cnn1d test set. Not exported (bnnc compiles "
                  "binarized networks only)."),
    })


if __name__ == "__main__":
    main()
