"""Zoo models exported by PyTorch 1.13: convolutions, reshapes, de-duplicated initializers,
folded BN, scalar affine maps and external data. Same conventions as zoo_torch.py."""

import os

import onnx
import torch
import torch.nn as nn

import zoo_util as zu
from zoo_torch import OUT, prepare


class ConvNet(nn.Module):
    """binarize -> conv -> BN -> sign -> (pool) -> `flat` -> binary linear -> BN."""

    def __init__(self, rng, flat, pool=False):
        super().__init__()
        self.conv = zu.binary_conv(2, 2, 6, 3, rng, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.pool = nn.MaxPool2d(2) if pool else nn.Identity()
        self.fc = zu.binary_linear(6 * 36 if pool else 6 * 144, 10, rng)
        self.bn2 = nn.BatchNorm1d(10)
        self.flat = flat

    def forward(self, x):
        x = self.pool(torch.sign(self.bn1(self.conv(torch.sign(x)))))
        return self.bn2(self.fc(self.flat(x)))


def flatten_case(name, rng, flat, pattern, dynamic, pool=False):
    model = ConvNet(rng, flat, pool)
    x = zu.binarized_input(rng, (2, 12, 12), 0.0)
    prepare(model, x, rng, [1.0])
    y = zu.torch_export(model, x, os.path.join(OUT, name + ".onnx"), 13, dynamic)
    return name, x, y, None, None, pattern


def p09_flatten_reshape(rng):
    return [
        flatten_case("p09_flatten", rng, nn.Flatten(), "nn.Flatten -> Flatten(axis=1)", False),
        flatten_case("p09_view_dynamic", rng, lambda v: v.view(v.size(0), -1),
                     "x.view(x.size(0), -1) with a dynamic batch: Shape, Gather, Unsqueeze, "
                     "Concat, Reshape", True, pool=True),
        flatten_case("p09_reshape_const", rng, lambda v: v.reshape(-1, 6 * 144),
                     "x.reshape(-1, 864): Reshape with a constant shape [-1, 864]", False),
    ]


class Twins(nn.Module):
    """Two layers with equal weights and equal BN parameters: torch 1.13 keeps one initializer
    and points the other name at it through an Identity node."""

    def __init__(self, rng):
        super().__init__()
        self.fc1, self.fc2 = zu.binary_linear(24, 24, rng), zu.binary_linear(24, 24, rng)
        self.fc3 = zu.binary_linear(24, 10, rng)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm1d(24), nn.BatchNorm1d(24), nn.BatchNorm1d(10)

    def forward(self, x):
        x = torch.sign(x)
        x = torch.sign(self.bn1(self.fc1(x)))
        x = torch.sign(self.bn2(self.fc2(x)))
        return self.bn3(self.fc3(x))


def p10_identity_dedup(rng):
    model = Twins(rng)
    x = zu.binarized_input(rng, (24,), 0.0)
    prepare(model, x, rng, [1.0, 1.0])
    with torch.no_grad():
        model.fc2.weight.copy_(model.fc1.weight)
        for name in ("weight", "bias", "running_mean", "running_var"):
            getattr(model.bn2, name).copy_(getattr(model.bn1, name))
    y = zu.torch_export(model, x, os.path.join(OUT, "p10_identity_dedup.onnx"), 13)
    kinds = [n.op_type for n in onnx.load(os.path.join(OUT, "p10_identity_dedup.onnx")).graph.node]
    assert "Identity" in kinds, "torch did not de-duplicate the twin initializers"
    return ("p10_identity_dedup", x, y, None, None, "Identity nodes pointing at de-duplicated "
            "initializers (twin layers with equal weights and BN parameters)")


class Conv2dNet(nn.Module):
    """8-bit input on [0,1]: conv stride 2 pad 1 -> BN -> sign -> conv dilation 2 pad 2 -> BN ->
    MaxPool(3, stride 2, pad 1) -> sign -> Flatten -> linear -> BN."""

    def __init__(self, rng):
        super().__init__()
        self.c1 = zu.binary_conv(2, 1, 8, 3, rng, stride=2, padding=1)
        self.c2 = zu.binary_conv(2, 8, 8, 3, rng, padding=2, dilation=2)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.fc = zu.binary_linear(8 * 4 * 4, 10, rng)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm2d(8), nn.BatchNorm2d(8), nn.BatchNorm1d(10)

    def forward(self, x):
        x = zu.SignGE.apply(self.bn1(self.c1(x)))  # 1x14x14 -> 8x7x7
        x = zu.SignGE.apply(self.pool(self.bn2(self.c2(x))))  # 8x7x7 -> 8x4x4
        return self.bn3(self.fc(x.flatten(1)))


def p11_conv2d(rng):
    model = Conv2dNet(rng)
    x = zu.grid_input(rng, (1, 14, 14), 0.0, 1.0)
    prepare(model, x, rng, [1.0 / 255.0, 1.0])
    y = zu.torch_export(model, x, os.path.join(OUT, "p11_conv2d.onnx"), 13)
    return ("p11_conv2d", x, y, 8, [0.0, 1.0], "8-bit input; Conv2d stride 2 + padding, Conv2d "
            "dilation 2 + padding, MaxPool2d(3, stride 2, padding 1) between BN and sign")


class Conv1dNet(nn.Module):
    """8-bit input on [-1,1], 2 channels x 40: conv k5 stride 2 pad 2 -> BN -> sign ->
    MaxPool1d(3, stride 2, pad 1, dilation 2) -> conv k3 dilation 3 pad 3 -> BN -> sign ->
    MaxPool1d(2) -> flatten -> linear -> BN."""

    def __init__(self, rng):
        super().__init__()
        self.c1 = zu.binary_conv(1, 2, 8, 5, rng, stride=2, padding=2)
        self.p1 = nn.MaxPool1d(3, stride=2, padding=1, dilation=2)
        self.c2 = zu.binary_conv(1, 8, 8, 3, rng, padding=3, dilation=3)
        self.p2 = nn.MaxPool1d(2)
        self.fc = zu.binary_linear(8 * 4, 6, rng)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm1d(8), nn.BatchNorm1d(8), nn.BatchNorm1d(6)

    def forward(self, x):
        x = self.p1(torch.sign(self.bn1(self.c1(x))))  # 2x40 -> 8x20 -> 8x9
        x = self.p2(torch.sign(self.bn2(self.c2(x))))  # 8x9 -> 8x9 -> 8x4
        return self.bn3(self.fc(x.flatten(1)))


def p12_conv1d(rng):
    model = Conv1dNet(rng)
    x = zu.grid_input(rng, (2, 40), -1.0, 1.0)
    prepare(model, x, rng, [1.0 / 255.0, 1.0])
    y = zu.torch_export(model, x, os.path.join(OUT, "p12_conv1d.onnx"), 13)
    return ("p12_conv1d", x, y, 8, [-1.0, 1.0], "8-bit input; Conv1d stride 2 + padding, "
            "MaxPool1d(3, stride 2, padding 1, dilation 2), Conv1d dilation 3 + padding")


class FoldedConv(nn.Module):
    """Conv(+-1, no bias) + BN in eval mode: the exporter folds BN into the conv, leaving
    weights alpha_c * (+-1) (alpha_c = gamma_c / s_c, negative for gamma_c < 0) and a bias."""

    def __init__(self, rng):
        super().__init__()
        self.c1 = zu.binary_conv(2, 3, 8, 3, rng, padding=1)
        self.c2 = zu.binary_conv(2, 8, 8, 3, rng, stride=2, padding=1)
        self.fc = zu.binary_linear(8 * 16, 10, rng)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm2d(8), nn.BatchNorm2d(8), nn.BatchNorm1d(10)

    def forward(self, x):
        x = torch.sign(self.bn1(self.c1(torch.sign(x - 0.2))))  # 3x8x8 -> 8x8x8
        x = torch.sign(self.bn2(self.c2(x)))  # -> 8x4x4
        return self.bn3(self.fc(x.flatten(1)))


def p14_folded_conv(rng):
    model = FoldedConv(rng)
    x = zu.binarized_input(rng, (3, 8, 8), 0.2)
    prepare(model, x, rng, [1.0, 1.0])
    path = os.path.join(OUT, "p14_folded_conv.onnx")
    y = zu.torch_export(model, x, path, 13)
    kinds = [n.op_type for n in onnx.load(path).graph.node]
    assert kinds.count("BatchNormalization") == 1, f"BN not folded into the convs: {kinds}"
    return ("p14_folded_conv", x, y, None, None, "eval-mode Conv+BN folded by the exporter: conv "
            "weights alpha_c * (+-1) (some alpha_c < 0) plus a bias, then Sign")


class ScalarAffine(nn.Module):
    """BN -> x * a + b -> sign, with a > 0 in layer 1 and a < 0 in layer 2 (Mul, Add)."""

    A, B = (0.75, 0.2), (-1.5, 0.3)

    def __init__(self, rng):
        super().__init__()
        self.fc1, self.fc2 = zu.binary_linear(40, 30, rng), zu.binary_linear(30, 20, rng)
        self.fc3 = zu.binary_linear(20, 10, rng)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm1d(30), nn.BatchNorm1d(20), nn.BatchNorm1d(10)

    def forward(self, x):
        x = torch.sign(x - 0.3)
        x = torch.sign(self.bn1(self.fc1(x)) * self.A[0] + self.A[1])
        x = torch.sign(self.bn2(self.fc2(x)) * self.B[0] + self.B[1])
        return self.bn3(self.fc3(x))


def p15_scalar_affine(rng):
    model = ScalarAffine(rng)
    x = zu.binarized_input(rng, (40,), 0.3)
    prepare(model, x, rng, [])
    zu.center(model.bn1, 1.0, *ScalarAffine.A)
    zu.center(model.bn2, 1.0, *ScalarAffine.B)
    y = zu.torch_export(model, x, os.path.join(OUT, "p15_scalar_affine.onnx"), 13)
    return ("p15_scalar_affine", x, y, None, None, "scalar Mul/Add between BN and Sign "
            "(x * 0.75 + 0.2, then x * -1.5 + 0.3: a negative scale flips the comparison)")


def p19_external_data(rng):
    from zoo_torch import mlp_case

    name, x, y, bits, rnge, _ = mlp_case("p19_external_data", rng, "", torch.sign, torch.sign, 13,
                                         sizes=(64, 48, 10))
    path = os.path.join(OUT, name + ".onnx")
    model = onnx.load(path)
    data = os.path.join(OUT, name + ".onnx.data")
    if os.path.exists(data):
        os.remove(data)  # onnx appends external tensors to an existing file
    onnx.save(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
              location=name + ".onnx.data", size_threshold=64)
    ext = [t.name for t in onnx.load(path, load_external_data=False).graph.initializer
           if t.data_location == onnx.TensorProto.EXTERNAL]
    assert ext, "no initializer went to external data"
    return name, x, y, bits, rnge, ("initializers larger than 64 bytes stored as external data "
                                    f"in {name}.onnx.data ({len(ext)} tensors)")
