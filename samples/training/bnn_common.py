"""Shared pieces of the bnnc sample training scripts.

Binarizers, binary layers, the threshold-centring step that makes every hidden sign decision
robust to float rounding, deterministic file writers (IDX, .npy, JSON) and the checks every
exported model goes through (onnx.checker, a float64 numpy re-run, tie margins).

Run the scripts with the interpreter that has torch 1.13 and onnx 1.12 (/usr/bin/python3 on the
bnnc development machine).
"""

import gzip
import json
import os
import random
import struct
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
MODELS_DIR = os.path.join(SAMPLES, "models")
DATA_DIR = os.path.join(SAMPLES, "data")
sys.path.insert(0, HERE)

import onnx_numpy_ref  # noqa: E402  (needs HERE on sys.path)


def seed_everything(seed):
    """Fixed seeds and one thread (on a shared 2-core machine two threads spin and run 10x
    slower)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)


# ---------------------------------------------------------------------------------------------
# Binarizers
# ---------------------------------------------------------------------------------------------


class SignGE(torch.autograd.Function):
    """+1 where x >= 0, else -1 (0 maps to +1, like QONNX BipolarQuant and FINN MultiThreshold).

    torch 1.13 inlines the forward when exporting, so this becomes GreaterOrEqual + Where with
    scalar +-1 float32 Constants. (Python scalars, torch.where(x >= 0, 1.0, -1.0), would export
    float64 Constants, so Where would yield double and the next MatMul/BN would fail ONNX type
    checks.) The backward is the straight-through estimator clipped to |x| <= 1.
    """

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.tensor(1.0), torch.tensor(-1.0))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


class SignOnnx(torch.autograd.Function):
    """torch.sign in the forward (exports as ONNX Sign, which maps 0 to 0), clipped STE backward.

    Only used where the input can never be exactly 0 (see center_thresholds).
    """

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sign(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


def sign_detach(x):
    """Hardtanh followed by the detach trick: value sign(x), gradient of Hardtanh.

    Exports as Clip, Sign, Sub, Add.
    """
    x = F.hardtanh(x)
    return x + (torch.sign(x) - x).detach()


# ---------------------------------------------------------------------------------------------
# Binary layers: latent real weights clipped to [-1, 1], binary (+-1) weights in the forward
# ---------------------------------------------------------------------------------------------


class BinaryLinear(nn.Module):
    """y = x @ sign(W)^T (+ b). F.linear on the computed weight exports Transpose + MatMul."""

    def __init__(self, fan_in, fan_out, bias=False):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(fan_out, fan_in).uniform_(-0.5, 0.5))
        self.bias = nn.Parameter(torch.zeros(fan_out)) if bias else None

    def forward(self, x):
        return F.linear(x, SignGE.apply(self.weight), self.bias)


class BinaryConv(nn.Module):
    """Conv1d or Conv2d (dims = 1 or 2) with binary weights and no bias."""

    def __init__(self, dims, cin, cout, k, stride=1, padding=0, dilation=1):
        super().__init__()
        shape = (cout, cin) + (k,) * dims
        self.weight = nn.Parameter(torch.empty(shape).uniform_(-0.5, 0.5))
        self.conv = F.conv1d if dims == 1 else F.conv2d
        self.args = dict(stride=stride, padding=padding, dilation=dilation)

    def forward(self, x):
        return self.conv(x, SignGE.apply(self.weight), None, **self.args)


def clip_latent_weights(model):
    """Keeps latent weights of the binary layers in [-1, 1] (BinaryConnect-style clipping)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (BinaryLinear, BinaryConv)):
                m.weight.clamp_(-1.0, 1.0)


# ---------------------------------------------------------------------------------------------
# Threshold centring
# ---------------------------------------------------------------------------------------------


def center_thresholds(model, pairs, inputs):
    """Moves every hidden BN threshold to the middle between two achievable pre-BN values.

    For a BN followed by a sign, out = sign(gamma * (d - mu) / s + beta) with s = sqrt(var + eps),
    so the decision flips at d = T = mu - beta * s / gamma. The pre-BN value d of a binary layer
    is an integer (a sum of +-1 products; a zero-padded tap adds 0); for an 8-bit first layer
    with inputs q/255 (or -1 + 2q/255) and +-1 weights, 255 * d is an integer. With grid step g
    (1 or 1/255) no achievable d lies strictly between g*floor(T/g) and g*(floor(T/g) + 1), so
    moving T to T' = g * (floor(T/g) + 0.5) changes no decision in exact arithmetic, and leaves
    every d at least g/2 away from the threshold: float32 rounding in PyTorch (about 1e-6 here)
    can then never flip a sign, and ONNX Sign never sees an exact 0. beta' = (mu - T') * gamma / s
    solves T' = mu - beta' * s / gamma. gamma = 0 channels are constant and left alone.

    `pairs` is a list of (bn module, grid step); `inputs` is a batch on which the decisions are
    checked to be the same before and after.
    """
    model.eval()
    before = _decisions(model, pairs, inputs)
    with torch.no_grad():
        for bn, step in pairs:
            g = bn.weight.double()
            mu = bn.running_mean.double()
            s = torch.sqrt(bn.running_var.double() + bn.eps)
            b = bn.bias.double()
            active = g != 0
            t = mu - b * s / torch.where(active, g, torch.ones_like(g))
            t_new = step * (torch.floor(t / step) + 0.5)
            b_new = (mu - t_new) * g / s
            bn.bias.copy_(torch.where(active, b_new, b).float())
    after = _decisions(model, pairs, inputs)
    for i, (x, y) in enumerate(zip(before, after)):
        assert torch.equal(x, y), f"threshold centring changed decisions of BN #{i}"


def normalize_bn_gain(model, bns, inputs):
    """Rescales every channel of the listed hidden BNs to |gamma| / sqrt(var + eps) = 1.

    A hidden BN feeds a sign, directly or through Hardtanh or a max pool, which keep the sign of
    a positive multiple: sign(k * y) = sign(y) for k > 0. Multiplying gamma and beta of a channel
    by k = s / |gamma| (s = sqrt(var + eps)) therefore changes no decision, and leaves the
    threshold T = mu - beta * s / gamma where it was; afterwards one step g of the pre-BN grid
    moves the BN output by exactly g. Without it, a channel that training left with a tiny
    |gamma| / s keeps its sign input within 1e-4 of 0 even after centring (the margin is
    0.5 * g * |gamma| / s). gamma = 0 channels are constant and left alone.
    """
    model.eval()
    pairs = [(bn, 1.0) for bn in bns]
    before = _decisions(model, pairs, inputs)
    with torch.no_grad():
        for bn in bns:
            g = bn.weight.double()
            s = torch.sqrt(bn.running_var.double() + bn.eps)
            k = torch.where(g != 0, s / g.abs(), torch.ones_like(g))
            bn.weight.copy_((g * k).float())
            bn.bias.copy_((bn.bias.double() * k).float())
    after = _decisions(model, pairs, inputs)
    for i, (x, y) in enumerate(zip(before, after)):
        assert torch.equal(x, y), f"gain normalization changed decisions of BN #{i}"


def _decisions(model, pairs, inputs):
    """Signs of every listed BN's output on `inputs` (via forward hooks)."""
    out = []
    hooks = [bn.register_forward_hook(lambda m, i, o: out.append(o >= 0)) for bn, _ in pairs]
    with torch.no_grad():
        model(inputs)
    for h in hooks:
        h.remove()
    return out


def presign_margins(model, bns, inputs):
    """Smallest |BN output| per listed BN over `inputs`: how far each sign input is from 0."""
    mins = []
    hooks = [bn.register_forward_hook(lambda m, i, o: mins.append(o.abs().min().item()))
             for bn in bns]
    with torch.no_grad():
        model(inputs)
    for h in hooks:
        h.remove()
    return mins


def force_negative_gammas(producer, bn, channels):
    """Reparametrizes channels so that their BN gamma is negative without changing the function.

    Negating a channel's latent weights negates its binary weights (SignGE maps w to +1 iff
    w >= 0; -w >= 0 differs only at w == 0, which is asserted absent), so d' = -d. With
    gamma' = -gamma and mu' = -mu: gamma' * (d' - mu') / s + beta = gamma * (d - mu) / s + beta.
    """
    with torch.no_grad():
        for c in channels:
            assert (producer.weight[c] != 0).all(), "a latent weight is exactly 0"
            producer.weight[c].neg_()
            bn.weight[c].neg_()
            bn.running_mean[c].neg_()


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def write_idx_gz(path, array):
    """IDX file (big-endian header, uint8 payload), gzipped with mtime 0 for reproducible bytes."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += b"".join(struct.pack(">I", d) for d in array.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + array.tobytes())


def read_idx_gz(path):
    """Inverse of write_idx_gz (also reads the Debian Fashion-MNIST files)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: not a uint8 IDX file"
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def u8_to_unit(u8):
    """u8 / 255 in float32, the exact values both the IDX loader and the .npy files carry."""
    v = u8.astype(np.float32) / np.float32(255.0)
    assert np.array_equal(v, (u8.astype(np.float64) / 255.0).astype(np.float32))
    return v


def save_npy(name, array, dtype):
    path = os.path.join(DATA_DIR, name)
    np.save(path, np.ascontiguousarray(array, dtype=dtype))
    return path


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# Export and checks
# ---------------------------------------------------------------------------------------------


def export(model, example, path, opset, dynamic_batch):
    """torch.onnx.export with fixed names; the batch axis is dynamic on request."""
    axes = {"input": {0: "batch"}, "scores": {0: "batch"}} if dynamic_batch else None
    torch.onnx.export(model, example, path, opset_version=opset, input_names=["input"],
                      output_names=["scores"], dynamic_axes=axes, do_constant_folding=True)
    check_onnx(path)


def check_onnx(path, full=True):
    """onnx.checker on the saved file (full_check also runs strict shape inference)."""
    onnx.checker.check_model(onnx.load(path), full_check=full)


def numpy_rerun(path, x, expected, rtol=1e-5, atol=1e-5):
    """Runs the ONNX file in the float64 numpy reference and compares with `expected`.

    Asserts equal argmax, closeness, and that no binarizer input comes within 1e-4 of its
    threshold. Returns (max abs error, max rel error, smallest binarizer margin).
    """
    got = onnx_numpy_ref.run_model(path, x.astype(np.float64))
    err = np.abs(got - expected.astype(np.float64))
    rel = err / np.maximum(np.abs(expected), 1e-30)
    assert np.array_equal(got.argmax(1), expected.argmax(1)), f"{path}: argmax differs"
    assert np.all(err <= atol + rtol * np.abs(expected)), f"{path}: max abs err {err.max()}"
    margin = min(m for _, m in onnx_numpy_ref.decision_margins(path, x.astype(np.float64)))
    assert margin > 1e-4, f"{path}: a binarizer input is {margin} from its threshold"
    return float(err.max()), float(rel.max()), margin


def top2_gap(scores):
    """Smallest gap between the best and second-best score: how safe the argmax is from ties."""
    s = np.sort(scores.astype(np.float64), axis=1)
    return float((s[:, -1] - s[:, -2]).min())


def report(name, stats):
    print(f"[{name}] " + ", ".join(f"{k}={v}" for k, v in stats.items()), flush=True)
