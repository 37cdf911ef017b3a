"""Helpers for the exporter-pattern zoo (make_models.py): data on exact grids, random BN
parameters with centred thresholds, binarizers as PyTorch writes them, export and checks."""

import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "samples", "training"))

import onnx_numpy_ref  # noqa: E402

SAMPLES = 16
MIN_MARGIN = 1e-4  # smallest allowed distance of a binarizer input from its threshold (float32
# rounding of these small models is about 1e-6)


# --- data -------------------------------------------------------------------------------------


def binarized_input(rng, shape, t):
    """Normal float32 samples for a model that binarizes x - t; none closer than 0.01 to t."""
    x = rng.normal(0.0, 1.0, (SAMPLES,) + tuple(shape)).astype(np.float32)
    close = np.abs(x - t) < 0.01
    x[close] = t + np.where(x[close] >= t, 0.05, -0.05)
    return x


def grid_input(rng, shape, lo, hi, bits=8):
    """Samples exactly on lo + q * (hi - lo) / (2^bits - 1), as float32."""
    q = rng.randint(0, 2**bits, (SAMPLES,) + tuple(shape))
    return (lo + q * (hi - lo) / (2**bits - 1)).astype(np.float32)


# --- binarizers as users write them -------------------------------------------------------


class SignGE(torch.autograd.Function):
    """where(x >= 0, 1, -1) with scalar float32 constants: GreaterOrEqual + Where."""

    @staticmethod
    def forward(ctx, x):
        return torch.where(x >= 0, torch.tensor(1.0), torch.tensor(-1.0))

    @staticmethod
    def backward(ctx, g):
        return g


class SignOnesLike(torch.autograd.Function):
    """where(x >= 0, ones_like(x), -ones_like(x)): with a dynamic batch axis torch 1.13 builds
    the +-1 tensors as Shape -> ConstantOfShape (and Neg); with static shapes it materialises
    them as full-size Constant tensors."""

    @staticmethod
    def forward(ctx, x):
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx, g):
        return g


def detach_sign(x):
    """The straight-through detach trick: exports Sign, Sub, Add."""
    return x + (torch.sign(x) - x).detach()


def binary_linear(fan_in, fan_out, rng, bias=False):
    """nn.Linear whose weights are exactly +-1 (exports MatMul, or Gemm(transB=1) with bias)."""
    layer = nn.Linear(fan_in, fan_out, bias=bias)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(rng.choice([-1.0, 1.0], (fan_out, fan_in))))
        if bias:
            layer.bias.copy_(torch.from_numpy(rng.normal(0.0, 2.0, fan_out)))
    return layer


def binary_conv(dims, cin, cout, k, rng, **kw):
    conv = (nn.Conv1d if dims == 1 else nn.Conv2d)(cin, cout, k, bias=False, **kw)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(rng.choice([-1.0, 1.0], tuple(conv.weight.shape))))
    return conv


# --- BN parameters ------------------------------------------------------------------------


def calibrate(model, x):
    """Running statistics from one train-mode pass over the samples (cumulative average), so the
    thresholds land among the values the samples produce and outputs are mixed +-1."""
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        model(torch.from_numpy(x))
    model.eval()
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.momentum = 0.1  # back to the default, which the export writes as momentum 0.9


def randomize_affine(bn, rng, negative=0.3):
    """gamma = +-U(0.5, 1.5) (a `negative` share of them < 0), beta = N(0, 0.3)."""
    c = bn.num_features
    g = rng.uniform(0.5, 1.5, c) * np.where(rng.uniform(size=c) < negative, -1.0, 1.0)
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(g))
        bn.bias.copy_(torch.from_numpy(rng.normal(0.0, 0.3, c)))


def center(bn, step, a=1.0, b=0.0):
    """Puts the decision point of sign(a * BN(d) + b) midway between achievable values of d.

    a * BN(d) + b = 0 <=> BN(d) = -b/a <=> d = T = mu + s * (-b/a - beta) / gamma (s =
    sqrt(var + eps)). Achievable d lie on multiples of `step` (integers for +-1 inputs, k/255
    for 8-bit inputs on [0,1] or [-1,1] with +-1 weights), so T' = step * (floor(T/step) + 0.5)
    keeps every d at least step/2 away; beta' = -b/a - gamma * (T' - mu) / s moves T to T'.
    gamma = 0 channels output the constant sign(a * beta + b) and are left alone.
    """
    with torch.no_grad():
        g = bn.weight.double()
        mu = bn.running_mean.double()
        s = torch.sqrt(bn.running_var.double() + bn.eps)
        beta = bn.bias.double()
        active = g != 0
        safe_g = torch.where(active, g, torch.ones_like(g))
        t = mu + s * (-b / a - beta) / safe_g
        t_new = step * (torch.floor(t / step) + 0.5)
        beta_new = -b / a - g * (t_new - mu) / s
        bn.bias.copy_(torch.where(active, beta_new, beta).float())


# --- export and checks --------------------------------------------------------------------


def torch_export(model, x, path, opset, dynamic=False, **kw):
    """Exports with batch 1 (or a dynamic batch axis); returns PyTorch's outputs on all x."""
    model.eval()
    axes = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None
    torch.onnx.export(model, torch.from_numpy(x[:1]), path, opset_version=opset,
                      input_names=["input"], output_names=["output"], dynamic_axes=axes, **kw)
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def verify(path, x, expected, full_check=True):
    """onnx.checker, the float64 numpy re-run (argmax and values) and the decision margins."""
    model = onnx.load(path)
    onnx.checker.check_model(path if full_check else model, full_check=full_check)
    got = onnx_numpy_ref.run_model(path, x.astype(np.float64))
    assert np.array_equal(got.argmax(1), expected.argmax(1)), f"{path}: argmax differs"
    err = np.abs(got - expected)
    assert np.all(err <= 1e-5 + 1e-5 * np.abs(expected)), f"{path}: max abs err {err.max()}"
    margins = onnx_numpy_ref.decision_margins(path, x.astype(np.float64))
    assert margins, f"{path}: no binarizer found"
    worst = min(m for _, m in margins)
    assert worst >= MIN_MARGIN, f"{path}: a binarizer input is {worst} from its threshold"
    return float(err.max()), worst
