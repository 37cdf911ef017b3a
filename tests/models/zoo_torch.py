"""Zoo models that PyTorch 1.13 itself exports (see make_models.py for the list and files).

Every builder gets a seeded numpy RandomState, writes <name>.onnx through torch.onnx.export and
returns (name, x, PyTorch's outputs on x, input_bits, input_range, pattern text)."""

import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import zoo_util as zu

OUT = zu.HERE


class Mlp(nn.Module):
    """binarize(x - t) -> [binary linear -> BN -> act] * hidden -> binary linear -> BN -> head."""

    def __init__(self, sizes, rng, in_bin, act, t, head=None, bias=False):
        super().__init__()
        self.fcs = nn.ModuleList(
            [zu.binary_linear(a, b, rng, bias) for a, b in zip(sizes[:-1], sizes[1:])])
        self.bns = nn.ModuleList([nn.BatchNorm1d(b) for b in sizes[1:]])
        self.in_bin, self.act, self.t, self.head = in_bin, act, t, head

    def forward(self, x):
        x = self.in_bin(x - self.t)
        for i, (fc, bn) in enumerate(zip(self.fcs, self.bns)):
            x = bn(fc(x))
            if i + 1 < len(self.fcs):
                x = self.act(x)
        return self.head(x) if self.head else x


def prepare(model, x, rng, steps, negative=0.3, tweak=None):
    """Calibrate BN stats, randomize gammas/betas, apply `tweak(bns)`, centre the thresholds of
    the first len(steps) BNs (grid steps as in zoo_util.center)."""
    zu.calibrate(model, x)
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for bn in bns:
        zu.randomize_affine(bn, rng, negative)
    if tweak:
        with torch.no_grad():
            tweak(bns)
    for bn, step in zip(bns, steps):
        zu.center(bn, step)


def mlp_case(name, rng, pattern, in_bin, act, opset, sizes=(48, 32, 24, 10), t=0.25,
             head=None, dynamic=False, bias=False, tweak=None):
    model = Mlp(sizes, rng, in_bin, act, t, head, bias)
    x = zu.binarized_input(rng, (sizes[0],), t)
    prepare(model, x, rng, [1.0] * (len(sizes) - 2), tweak=tweak)
    y = zu.torch_export(model, x, os.path.join(OUT, name + ".onnx"), opset, dynamic)
    return name, x, y, None, None, pattern


def p01_sign(rng):
    return mlp_case("p01_sign", rng, "torch.sign on the binarized input (Sub, Sign) and Sign "
                    "hidden activations", torch.sign, torch.sign, 13)


def p02_ste_detach(rng):
    return mlp_case("p02_ste_detach", rng, "STE detach trick x + (sign(x) - x).detach(): "
                    "Sign, Sub, Add (hidden and input)", zu.detach_sign, zu.detach_sign, 14)


def p03_ge_where(rng):
    return mlp_case("p03_ge_where", rng, "custom autograd sign: GreaterOrEqual + Where with "
                    "scalar float32 +-1 Constants", zu.SignGE.apply, zu.SignGE.apply, 13)


def p03_ge_where_constofshape(rng):
    return mlp_case("p03_ge_where_constofshape", rng, "where(x >= 0, ones_like(x), "
                    "-ones_like(x)) with a dynamic batch: +-1 from Shape -> ConstantOfShape -> "
                    "Neg", zu.SignOnesLike.apply, zu.SignOnesLike.apply, 13, dynamic=True)


def p03_ge_where_materialized(rng):
    return mlp_case("p03_ge_where_materialized", rng, "where(x >= 0, ones_like(x), "
                    "-ones_like(x)) with static shapes: full-size +-1 Constant tensors",
                    zu.SignOnesLike.apply, zu.SignOnesLike.apply, 13)


class ComputedWeights(nn.Module):
    """F.linear on weights computed from latent floats: Sign / GreaterOrEqual+Where on the
    initializer, then Transpose + MatMul."""

    def __init__(self, rng):
        super().__init__()
        latent = lambda o, i: nn.Parameter(  # noqa: E731
            torch.from_numpy(rng.uniform(0.05, 1.0, (o, i)) * rng.choice([-1.0, 1.0], (o, i))))
        self.w1, self.w2, self.w3 = latent(40, 60), latent(30, 40), latent(10, 30)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm1d(40), nn.BatchNorm1d(30), nn.BatchNorm1d(10)

    def forward(self, x):
        x = torch.sign(x - 0.1)
        x = torch.sign(self.bn1(F.linear(x, torch.sign(self.w1))))
        x = torch.sign(self.bn2(F.linear(x, zu.SignGE.apply(self.w2))))
        return self.bn3(F.linear(x, torch.sign(self.w3)))


def p04_linear_computed_weight(rng):
    model = ComputedWeights(rng).float()
    x = zu.binarized_input(rng, (60,), 0.1)
    prepare(model, x, rng, [1.0, 1.0])
    y = zu.torch_export(model, x, os.path.join(OUT, "p04_linear_computed_weight.onnx"), 13)
    return ("p04_linear_computed_weight", x, y, None, None, "F.linear on a computed weight: "
            "Sign or GreaterOrEqual+Where on the latent initializer, Transpose, MatMul")


class MeanAbsScaled(nn.Module):
    """XNOR-Net style weights alpha_c * sign(W_c) with alpha_c = mean |W_c|, computed in forward:
    Abs, ReduceMean, Sign and Mul on the initializer, all folded at import."""

    def __init__(self, rng):
        super().__init__()
        latent = lambda o, i: nn.Parameter(  # noqa: E731
            torch.from_numpy(rng.uniform(0.05, 1.0, (o, i)) * rng.choice([-1.0, 1.0], (o, i))))
        self.w1, self.w2 = latent(32, 48), latent(10, 32)
        self.bn1, self.bn2 = nn.BatchNorm1d(32), nn.BatchNorm1d(10)

    @staticmethod
    def scaled(w):
        return w.abs().mean(dim=1, keepdim=True) * torch.sign(w)

    def forward(self, x):
        x = torch.sign(x - 0.1)
        x = torch.sign(self.bn1(F.linear(x, self.scaled(self.w1))))
        return self.bn2(F.linear(x, self.scaled(self.w2)))


def p21_mean_abs_scale(rng):
    model = MeanAbsScaled(rng).float()
    x = zu.binarized_input(rng, (48,), 0.1)
    # the per-channel scale multiplies the dot products: the BN thresholds are centred on the
    # scaled grid (step 2 * alpha_c)
    prepare(model, x, rng, [1.0])
    y = zu.torch_export(model, x, os.path.join(OUT, "p21_mean_abs_scale.onnx"), 13)
    return ("p21_mean_abs_scale", x, y, None, None, "alpha_c * sign(W) with alpha_c = "
            "W.abs().mean(dim=1, keepdim=True): Abs and ReduceMean on the weight, folded")


def p05_gemm_bias(rng):
    return mlp_case("p05_gemm_bias", rng, "nn.Linear with bias: Gemm(transB=1) with +-1 "
                    "weights and a real bias, then BN and Sign", torch.sign, torch.sign, 11,
                    bias=True)


class BiasExpand(nn.Module):
    """Bias added through b.expand(batch, n): torch writes Shape/Gather/.../Equal/Where/Expand."""

    def __init__(self, rng):
        super().__init__()
        self.fc1, self.fc2 = zu.binary_linear(36, 20, rng), zu.binary_linear(20, 10, rng)
        self.b1 = nn.Parameter(torch.from_numpy(rng.normal(0, 2, 20)).float())
        self.bn1, self.bn2 = nn.BatchNorm1d(20), nn.BatchNorm1d(10)

    def forward(self, x):
        x = torch.sign(x)
        x = torch.sign(self.bn1(self.fc1(x) + self.b1.expand(x.shape[0], 20)))
        return self.bn2(self.fc2(x))


def p07_bias_expand_torch(rng):
    model = BiasExpand(rng)
    x = zu.binarized_input(rng, (36,), 0.0)
    prepare(model, x, rng, [1.0])
    y = zu.torch_export(model, x, os.path.join(OUT, "p07_bias_expand_torch.onnx"), 13, True)
    return ("p07_bias_expand_torch", x, y, None, None, "bias via b.expand(x.shape[0], n) with "
            "a dynamic batch: Shape, Gather, Unsqueeze, Concat, ConstantOfShape, Mul, Equal, "
            "Where, Expand, Add")


def clip_case(opset, lo, hi):
    act = lambda v: torch.sign(F.hardtanh(v, lo, hi))  # noqa: E731
    form = "min/max attributes" if opset < 11 else "min/max inputs"
    return mlp_case(f"p08_clip_opset{opset}", np.random.RandomState(800 + opset),
                    f"Hardtanh({lo}, {hi}) -> Clip with {form} (opset {opset}) before Sign",
                    torch.sign, act, opset)


def p08_clip(rng):
    return [clip_case(9, -1.0, 1.0), clip_case(10, -1.0, 1.0), clip_case(13, -0.5, 2.0)]


def gamma_tweak(bns):
    """Hidden BN 1: channels 0-5 negative, channel 6 gamma exactly 0 with beta = -0.7 (a constant
    -1 output); hidden BN 2: every other channel negative; score BN: two negative gammas."""
    bns[0].weight[:6] = -bns[0].weight[:6].abs()
    bns[0].weight[6], bns[0].bias[6] = 0.0, -0.7
    bns[1].weight[::2] = -bns[1].weight[::2].abs()
    bns[2].weight[:2] = -bns[2].weight[:2].abs()


def p13_bn_gamma(rng):
    return mlp_case("p13_bn_gamma", rng, "BatchNormalization with negative gammas and one gamma "
                    "exactly 0 (constant channel)", torch.sign, torch.sign, 13, tweak=gamma_tweak)


def p16_softmax(rng):
    return [mlp_case("p16_softmax", rng, "final Softmax(axis=1), opset 11 (2-D coercion form)",
                     torch.sign, torch.sign, 11, head=lambda v: F.softmax(v, dim=1)),
            mlp_case("p16_logsoftmax", rng, "final LogSoftmax(axis=1), opset 13", torch.sign,
                     torch.sign, 13, head=lambda v: F.log_softmax(v, dim=1))]


def p20_dynamic_batch(rng):
    return mlp_case("p20_dynamic_batch", rng, "dynamic batch axis (dynamic_axes on input and "
                    "output), Sign binarizers", torch.sign, torch.sign, 14, dynamic=True)
