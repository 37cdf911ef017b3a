"""Trains and exports samples/models/ecg_cnn1d.onnx: a binarized 1-D CNN on SYNTHETIC ECG beats.

Data: ecg_synth.py (a generative model of P-QRS-T beats, 4 classes, fixed seeds; not real
patient data). Inputs are quantized to 8 bits on [-1, 1]: the model and the committed test set
see exactly the float32 values -1 + q * 2 / 255, so compile with --input-bits 8
--input-range -1,1.

Model (what the exported graph contains; opset 17, dynamic batch axis):
    Conv(1->16, k7, stride 2, pad 3, binary W) BN Sign MaxPool(2)     Sign = torch.sign in a
    Conv(16->32, k5, dilation 2, pad 4, binary W) BN Sign MaxPool(2)  custom autograd Function
    x.view(x.size(0), -1)          Shape, Gather, Unsqueeze, Concat, Reshape
    MatMul(1024->64, binary W) BN Sign
    binary-weight linear with a real bias (64->4)                     the scores
BN2 carries negative gammas: if training leaves fewer than NEG_GAMMAS of them negative, the
script reparametrizes the channels with the smallest gammas (negates their latent weights,
running mean and gamma: the function is unchanged) so the importer's gamma < 0 path is used.

Run: /usr/bin/python3 samples/training/train_ecg_cnn1d.py
Writes samples/models/ecg_cnn1d.{onnx,json} and samples/data/ecg_cnn1d-*.
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

SEED = 20240603
TRAIN_BEATS = 8000
TEST_BEATS = 1000
EPOCHS = 30
BATCH = 100
NEG_GAMMAS = 4
OPSET = 17


class EcgCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = bc.BinaryConv(1, 1, 16, 7, stride=2, padding=3)
        self.bn1 = nn.BatchNorm1d(16)
        self.conv2 = bc.BinaryConv(1, 16, 32, 5, padding=4, dilation=2)
        self.bn2 = nn.BatchNorm1d(32)
        self.fc1 = bc.BinaryLinear(32 * 32, 64)
        self.bn3 = nn.BatchNorm1d(64)
        self.fc2 = bc.BinaryLinear(64, 4, bias=True)
        self.pool = nn.MaxPool1d(2)

    def forward(self, x):
        # 256 -> conv1 (stride 2) 128 -> pool 64 -> conv2 (same length) 64 -> pool 32
        x = self.pool(bc.SignOnnx.apply(self.bn1(self.conv1(x))))
        x = self.pool(bc.SignOnnx.apply(self.bn2(self.conv2(x))))
        x = x.view(x.size(0), -1)
        x = bc.SignOnnx.apply(self.bn3(self.fc1(x)))
        return self.fc2(x)

    def center_pairs(self):
        # conv1: inputs -1 + 2q/255 and +-1 weights give dot = (2 sum(w q) - 255 sum(w)) / 255,
        # so 255 * dot is an integer (a zero-padded tap adds 0). Later layers: integer dots.
        return [(self.bn1, 1.0 / 255.0), (self.bn2, 1.0), (self.bn3, 1.0)]


def train(model, x, y, clip_latent=True):
    """Adam with a one-cycle schedule, EPOCHS epochs of BATCH beats in a seeded order. The
    binarized network clips its latent weights after each step (clip_latent); the 8-bit
    reference (train_ecg_cnn1d_8bit.py) trains the same way without."""
    rng = np.random.RandomState(SEED + 1)
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    steps = EPOCHS * (len(y) // BATCH)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=5e-3, total_steps=steps)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for epoch in range(EPOCHS):
        model.train()
        perm = rng.permutation(len(y))
        total = 0.0
        for i in range(0, len(y), BATCH):
            idx = perm[i:i + BATCH]
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if clip_latent:
                bc.clip_latent_weights(model)
            total += loss.item() * len(idx)
        if epoch % 5 == 4:
            print(f"epoch {epoch + 1}: loss {total / len(y):.4f}", flush=True)


def ensure_negative_gammas(model):
    """Returns the forced channels (empty when training produced enough negative gammas)."""
    gammas = model.bn2.weight.detach()
    if int((gammas < 0).sum()) >= NEG_GAMMAS:
        return []
    order = torch.argsort(gammas)
    forced = [int(c) for c in order if gammas[c] > 0][:NEG_GAMMAS - int((gammas < 0).sum())]
    bc.force_negative_gammas(model.conv2, model.bn2, forced)
    return forced


def main():
    bc.seed_everything(SEED)
    beats, y_tr = ecg_synth.make_beats(TRAIN_BEATS, SEED)
    _, x_tr = ecg_synth.quantize(beats)
    beats, y_te = ecg_synth.make_beats(TEST_BEATS, SEED + 100)
    q_te, x_te = ecg_synth.quantize(beats)
    # the model sees exactly the committed grid values lo + q * (hi - lo) / 255
    assert np.array_equal(x_te, (-1.0 + q_te * 2.0 / 255.0).astype(np.float32))

    model = EcgCnn()
    start = time.time()
    train(model, x_tr[:, None, :], y_tr)
    train_seconds = time.time() - start

    xt = torch.from_numpy(x_te[:, None, :])
    model.eval()
    with torch.no_grad():
        before = model(xt).numpy()
    forced = ensure_negative_gammas(model)
    with torch.no_grad():
        assert np.allclose(model(xt).numpy(), before, rtol=1e-5, atol=1e-5)
    bc.normalize_bn_gain(model, [model.bn1, model.bn2, model.bn3], xt)
    bc.center_thresholds(model, model.center_pairs(), xt)
    with torch.no_grad():
        out = model(xt).numpy()
    acc = float((out.argmax(1) == y_te).mean())
    margins = bc.presign_margins(model, [model.bn1, model.bn2, model.bn3], xt)
    negatives = [int(c) for c in torch.nonzero(model.bn2.weight < 0).flatten()]

    name = "ecg_cnn1d"
    onnx_path = os.path.join(bc.MODELS_DIR, name + ".onnx")
    # export next to the committed file and replace it only once every check has passed
    bc.export(model, xt[:1], onnx_path + ".new", OPSET, dynamic_batch=True)
    abs_err, rel_err, margin = bc.numpy_rerun(onnx_path + ".new", xt.numpy(), out)
    os.replace(onnx_path + ".new", onnx_path)

    bc.save_npy(name + "-test-x.npy", x_te, np.float32)
    bc.save_npy(name + "-test-y.npy", y_te, np.int64)
    bc.save_npy(name + "-torch-out.npy", out, np.float32)

    stats = dict(accuracy=acc, train_seconds=round(train_seconds, 1), presign_margins=margins,
                 negative_gamma_channels=negatives, forced=forced, numpy_abs_err=abs_err,
                 onnx_margin=margin, numpy_rel_err=rel_err, top2_gap=bc.top2_gap(out))
    bc.report(name, stats)
    how = (f"channels {forced} reparametrized to negative gamma at export (training left too "
           "few), function unchanged" if forced else "all produced by training")
    bc.write_json(os.path.join(bc.MODELS_DIR, name + ".json"), {
        "input_bits": 8,
        "input_range": [-1, 1],
        "torch_accuracy": round(acc, 4),
        "test_samples": TEST_BEATS,
        "files": {
            "test_x_npy": "samples/data/ecg_cnn1d-test-x.npy",
            "test_y_npy": "samples/data/ecg_cnn1d-test-y.npy",
            "expected": "samples/data/ecg_cnn1d-torch-out.npy",
        },
        "npy_samples": TEST_BEATS,
        "classes": ecg_synth.CLASSES,
        "notes": (
            "SYNTHETIC ECG-like beats (ecg_synth.py), not real recordings. 1-D binarized CNN, "
            "input 256 samples quantized to 8 bits on [-1, 1]. ONNX Sign as the binarizer "
            f"(thresholds centred so no sign input is 0; smallest |BN output| {min(margins):.3g})"
            f". BN2 negative-gamma channels {negatives}: {how}. Output: raw scores of a "
            f"binary linear layer with a real bias. Opset {OPSET}, dynamic batch axis."
        ),
    })


if __name__ == "__main__":
    main()
