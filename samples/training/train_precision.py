"""Trains the precision study of docs/results.md section 5 (after Penkovsky et al., DATE 2020).

For each task, three precision choices of the same convolutional network:

    q8      everything at 8 bits: 8-bit weights (symmetric, narrow, one scale per output
            channel) and 8-bit activations (unsigned, one scale per tensor) in every layer
    cls     the feature extractor (the two convolutions) as in q8, the classifier (the two
            dense layers) binarized: +-1 weights, +-1 activations
    bnn     everything binarized (+-1 weights and activations; the first layer still reads
            the 8-bit input bit-serially), widened by a factor until its test accuracy is
            within TOLERANCE of cls (the widths tried and their accuracies are recorded)

Tasks:
    ecg      SYNTHETIC ECG-like beats from ecg_synth.py (not real recordings; the data and the
             test set of the ecg_cnn1d sample, same seeds), 4 classes, 256 samples on [-1, 1]
             quantized to 8 bits
    fashion  Fashion-MNIST from the Debian package dataset-fashion-mnist, pixels u8/255; trained
             on TRAIN_IMAGES images, tested on the first 1,000 of t10k (the fashion_cnn sample's
             test set)

The network (width factor w, channels c = C * w, hidden units h = H * w):
    ecg      Conv1d(1->c, k7, stride 2, pad 3) BN act MaxPool(2)
             Conv1d(c->2c, k5, dilation 2, pad 4) BN act MaxPool(2)     feature extractor
             Flatten, Linear(2c*32 -> h) BN act, Linear(h -> 4) BN      classifier
    fashion  Conv2d(1->c, 3x3, pad 1) BN act MaxPool(2)
             Conv2d(c->2c, 3x3, pad 1) BN act MaxPool(2)                feature extractor
             Flatten, Linear(2c*49 -> h) BN act, Linear(h -> 10) BN     classifier

What the ONNX graphs contain: 8-bit weights and activations are QONNX
`qonnx.custom_op.general::Quant(x, scale, zeropt, bitwidth)` nodes written by the `symbolic` of
an autograd Function (QuantFn below): on the float latent weight (an initializer) with a
per-channel scale initializer, and on the batch-norm output of a hidden layer (unsigned, so the
quantizer's clamp at 0 is the ReLU). Binary weights and activations are GreaterOrEqual + Where
(bnn_common.SignGE: 0 -> +1). The input is not quantized in the graph: compile with
--input-bits 8 --input-range -1,1 (ecg) or 0,1 (fashion). Opset 13, dynamic batch axis.

Training is deliberately short (CPU, one thread, minutes per model, see EPOCHS): Adam with a
one-cycle schedule, straight-through gradients for every quantizer.

Run: /usr/bin/python3 samples/training/train_precision.py [ecg] [fashion]
Writes samples/models/precision_<task>_<variant>.onnx and samples/training/precision_<task>.json
(accuracies, widths tried, times, the settings).
"""

import require  # noqa: E402, first: says which interpreter to use if a package is missing

require.modules("numpy", "torch", "onnx")

import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import bnn_common as bc
import ecg_synth

OPSET = 13
BITS = 8
TOLERANCE = 0.005  # "equivalent accuracy": within half a point of cls on the test set
WIDTHS = [1, 2, 3, 4]  # the widening factors tried for bnn, smallest first
QONNX = "qonnx.custom_op.general"

TASKS = {
    "ecg": dict(seed=20240603, dims=1, c=8, h=32, classes=4, epochs=12, batch=100,
                lr=5e-3, input_range=[-1, 1]),
    "fashion": dict(seed=20240602, dims=2, c=8, h=32, classes=10, epochs=3, batch=100,
                    lr=5e-3, input_range=[0, 1]),
}
ECG_TRAIN_BEATS, ECG_TEST_BEATS = 8000, 1000  # train_ecg_cnn1d.py's sizes
TRAIN_IMAGES, TEST_IMAGES = 20000, 1000
FASHION = "/usr/share/datasets/fashion-mnist"


# ---------------------------------------------------------------------------------------------
# QONNX Quant, exported as itself
# ---------------------------------------------------------------------------------------------


class QuantFn(torch.autograd.Function):
    """QONNX Quant with rounding ROUND (half to even, as torch.round): v = clamp(round(x / s +
    z), lo, hi), out = (v - z) * s. Straight-through gradient inside the clamp range."""

    @staticmethod
    def forward(ctx, x, scale, zeropt, bitwidth, signed, narrow):
        bits = int(bitwidth.item())
        if signed:
            lo, hi = -(2 ** (bits - 1)) + (1 if narrow else 0), 2 ** (bits - 1) - 1
        else:
            lo, hi = 0, 2**bits - 1 - (1 if narrow else 0)
        v = x / scale + zeropt
        ctx.save_for_backward((v >= lo) & (v <= hi))
        return (torch.clamp(torch.round(v), lo, hi) - zeropt) * scale

    @staticmethod
    def backward(ctx, grad):
        (inside,) = ctx.saved_tensors
        return grad * inside.to(grad.dtype), None, None, None, None, None

    @staticmethod
    def symbolic(g, x, scale, zeropt, bitwidth, signed, narrow):
        return g.op(f"{QONNX}::Quant", x, scale, zeropt, bitwidth, signed_i=int(signed),
                    narrow_i=int(narrow), rounding_mode_s="ROUND")


def quant(x, scale, signed, narrow):
    return QuantFn.apply(x, scale, torch.tensor(0.0), torch.tensor(float(BITS)), signed, narrow)


def grid_ok(n):
    """Whether bnnc finds a grid holding these integer levels of one output channel.

    bnnc folds a weight Quant into float values and recovers the grid from them: the smallest
    gap between two distinct values, or a half, third or quarter of it, must divide every value
    (lib/passes/weight_planes.cpp). A channel whose levels have no two within four steps of
    each other (a 7-tap first convolution can) is refused although its Quant says 8 bits.
    """
    u = np.unique(n)
    if len(u) == 1:
        return True
    gap = int(np.diff(u).min())
    return any(np.all((u * d) % gap == 0) for d in (1, 2, 3, 4)) and u[-1] - u[0] < 2**BITS


class QuantWeight(nn.Module):
    """An 8-bit weight: symmetric narrow Quant with one scale per output channel.

    The scale is the power of two just above max |w_c| / 127: then every level n * s is exact in
    float32, which bnnc's recovery of the grid from the folded values needs (with s = max|w_c|
    / 127, float32 rounding of n * s near n = 127 already throws it off).
    freeze() writes the scales into a buffer (an initializer) before export, puts the latent
    weights on their levels, and where a channel's levels are too sparse for bnnc (grid_ok)
    moves the one weight that costs least to within four levels of another (then bnnc's grid
    step is one level).
    """

    def __init__(self, shape):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(shape).uniform_(-0.5, 0.5) / np.sqrt(
            np.prod(shape[1:])))
        self.register_buffer("scale", torch.ones((shape[0],) + (1,) * (len(shape) - 1)))
        self.frozen = False
        self.nudged = 0

    def freeze(self):
        top = 2 ** (BITS - 1) - 1
        with torch.no_grad():
            s = self._scale()
            self.scale.copy_(s)
            w = self.weight.double().reshape(self.weight.shape[0], -1).numpy()
            sc = s.double().reshape(-1, 1).numpy()
            n = np.clip(np.round(w / sc), -top, top)
            for c in range(n.shape[0]):
                if grid_ok(n[c]):
                    continue
                r = w[c] / sc[c]
                best = None
                for j in range(n.shape[1]):
                    others = np.delete(n[c], j)
                    for target in np.unique(np.concatenate([others + t for t in (-4, -3, -2,
                                                                                  -1, 1, 2, 3,
                                                                                  4)])):
                        if abs(target) > top:
                            continue
                        m = n[c].copy()
                        m[j] = target
                        if not grid_ok(m):
                            continue
                        cost = abs(r[j] - m[j]) - abs(r[j] - n[c, j])
                        if best is None or cost < best[0]:
                            best = (cost, m)
                assert best is not None, "no one-level change gives bnnc a grid"
                n[c] = best[1]
                self.nudged += 1
            self.weight.copy_(torch.from_numpy(n * sc).float().view(self.weight.shape))
        self.frozen = True

    def _scale(self):
        flat = self.weight.detach().reshape(self.weight.shape[0], -1)
        m = flat.abs().max(dim=1).values.clamp(min=1e-8) / (2 ** (BITS - 1) - 1)
        return torch.pow(2.0, torch.ceil(torch.log2(m))).view(self.scale.shape)

    def forward(self):
        return quant(self.weight, self.scale if self.frozen else self._scale(), 1, 1)


class BinaryWeight(nn.Module):
    """A +-1 weight: sign of a latent weight clipped to [-1, 1] (SignGE, 0 -> +1)."""

    def __init__(self, shape):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(shape).uniform_(-0.5, 0.5))

    def freeze(self):
        pass

    def forward(self):
        return bc.SignGE.apply(self.weight)


class QuantAct(nn.Module):
    """An 8-bit activation: unsigned Quant on [0, range] (its clamp at 0 is the ReLU), the range
    tracked in training as an average of the batch's 99.9th percentile, its step a power of
    two."""

    def __init__(self):
        super().__init__()
        self.register_buffer("range", torch.tensor(4.0))

    def forward(self, x):
        if self.training:
            top = torch.quantile(x.detach().flatten()[:200000], 0.999).clamp(min=1e-2)
            self.range.mul_(0.9).add_(0.1 * top)
        return quant(x, self.scale(), 0, 0)

    def scale(self):
        """The power of two just above range / 255: the levels q * s are exact in float32, so
        the chip's sums over them are the model's (bnnc warns otherwise)."""
        return torch.pow(2.0, torch.ceil(torch.log2(self.range / (2**BITS - 1))))


class SignAct(nn.Module):
    def forward(self, x):
        return bc.SignGE.apply(x)


# ---------------------------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------------------------


class Net(nn.Module):
    """The task's network at width w; `features` and `classifier` are "q8" or "bin"."""

    def __init__(self, task, features, classifier, width):
        super().__init__()
        t = TASKS[task]
        self.dims = t["dims"]
        c, h = t["c"] * width, t["h"] * width
        self.widths = dict(c=c, h=h)
        fw = QuantWeight if features == "q8" else BinaryWeight
        cw = QuantWeight if classifier == "q8" else BinaryWeight
        fa = QuantAct if features == "q8" else SignAct
        ca = QuantAct if classifier == "q8" else SignAct
        if self.dims == 1:
            self.w1, self.w2 = fw((c, 1, 7)), fw((2 * c, c, 5))
            self.args1 = dict(stride=2, padding=3)
            self.args2 = dict(padding=4, dilation=2)
            flat = 2 * c * 32
            bn, self.conv, self.pool = nn.BatchNorm1d, F.conv1d, nn.MaxPool1d(2)
        else:
            self.w1, self.w2 = fw((c, 1, 3, 3)), fw((2 * c, c, 3, 3))
            self.args1 = self.args2 = dict(padding=1)
            flat = 2 * c * 49
            bn, self.conv, self.pool = nn.BatchNorm2d, F.conv2d, nn.MaxPool2d(2)
        self.bn1, self.bn2 = bn(c), bn(2 * c)
        self.a1, self.a2 = fa(), fa()
        self.w3 = cw((h, flat))
        self.bn3 = nn.BatchNorm1d(h)
        self.a3 = ca()
        self.w4 = cw((t["classes"], h))
        self.bn4 = nn.BatchNorm1d(t["classes"])
        self.flatten = nn.Flatten()

    def weights(self):
        return [self.w1, self.w2, self.w3, self.w4]

    def forward(self, x):
        x = self.pool(self.a1(self.bn1(self.conv(x, self.w1(), None, **self.args1))))
        x = self.pool(self.a2(self.bn2(self.conv(x, self.w2(), None, **self.args2))))
        x = self.a3(self.bn3(F.linear(self.flatten(x), self.w3())))
        return self.bn4(F.linear(x, self.w4()))


VARIANTS = {"q8": ("q8", "q8"), "cls": ("q8", "bin"), "bnn": ("bin", "bin")}


def weight_memory(model):
    """Weight bits per layer: weights times their bits (8 or 1)."""
    return [int(w.weight.numel()) * (BITS if isinstance(w, QuantWeight) else 1)
            for w in model.weights()]


# ---------------------------------------------------------------------------------------------
# Data, training, export
# ---------------------------------------------------------------------------------------------


def load(task):
    t = TASKS[task]
    if task == "ecg":
        beats, y_tr = ecg_synth.make_beats(ECG_TRAIN_BEATS, t["seed"])
        _, x_tr = ecg_synth.quantize(beats)
        beats, y_te = ecg_synth.make_beats(ECG_TEST_BEATS, t["seed"] + 100)
        _, x_te = ecg_synth.quantize(beats)
        committed = np.load(os.path.join(bc.DATA_DIR, "ecg_cnn1d-test-x.npy"))
        assert np.array_equal(committed, x_te), "test set differs from ecg_cnn1d-test-x.npy"
        return x_tr[:, None, :], y_tr, x_te[:, None, :], y_te
    rd = lambda n: bc.read_idx_gz(os.path.join(FASHION, n))  # noqa: E731
    x_tr, y_tr = rd("train-images-idx3-ubyte.gz"), rd("train-labels-idx1-ubyte.gz")
    x_te = rd("t10k-images-idx3-ubyte.gz")[:TEST_IMAGES]
    y_te = rd("t10k-labels-idx1-ubyte.gz")[:TEST_IMAGES]
    committed = bc.read_idx_gz(os.path.join(bc.DATA_DIR, "fashion_cnn-test-images-idx3-ubyte.gz"))
    assert np.array_equal(committed, x_te), "test set differs from fashion_cnn-test-images"
    order = np.random.RandomState(t["seed"]).permutation(len(y_tr))[:TRAIN_IMAGES]
    unit = lambda u8: bc.u8_to_unit(u8)[:, None, :, :]  # noqa: E731
    return (unit(x_tr[order]), y_tr[order].astype(np.int64), unit(x_te),
            y_te.astype(np.int64))


def train(model, task, x, y):
    t = TASKS[task]
    rng = np.random.RandomState(t["seed"] + 1)
    opt = torch.optim.Adam(model.parameters(), lr=t["lr"])
    steps = t["epochs"] * (len(y) // t["batch"])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=t["lr"], total_steps=steps)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for epoch in range(t["epochs"]):
        model.train()
        perm = rng.permutation(len(y))
        total = 0.0
        for i in range(0, len(y) - t["batch"] + 1, t["batch"]):
            idx = perm[i:i + t["batch"]]
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            with torch.no_grad():
                for w in model.weights():
                    if isinstance(w, BinaryWeight):
                        w.weight.clamp_(-1.0, 1.0)
            total += loss.item() * len(idx)
        print(f"  epoch {epoch + 1}: loss {total / len(y):.4f}", flush=True)


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        out = torch.cat([model(torch.from_numpy(x[i:i + 500])) for i in range(0, len(y), 500)])
    return float((out.argmax(1).numpy() == y).mean()), out.numpy()


def fit(task, variant, width, data):
    bc.seed_everything(TASKS[task]["seed"] + 7 * width)
    x_tr, y_tr, x_te, y_te = data
    model = Net(task, *VARIANTS[variant], width)
    start = time.time()
    train(model, task, x_tr, y_tr)
    seconds = time.time() - start
    for w in model.weights():
        w.freeze()
    acc, out = evaluate(model, x_te, y_te)
    print(f"[{task} {variant} w{width}] accuracy {acc:.4f} in {seconds:.0f} s", flush=True)
    return model, acc, seconds, out


def export(model, task, variant, x_te):
    path = os.path.join(bc.MODELS_DIR, f"precision_{task}_{variant}.onnx")
    model.eval()
    torch.onnx.export(model, torch.from_numpy(x_te[:1]), path + ".new", opset_version=OPSET,
                      input_names=["input"], output_names=["scores"],
                      dynamic_axes={"input": {0: "batch"}, "scores": {0: "batch"}},
                      do_constant_folding=True, custom_opsets={QONNX: 1})
    bc.check_onnx(path + ".new", full=False)
    os.replace(path + ".new", path)
    return os.path.relpath(path, os.path.dirname(bc.SAMPLES))


def run_task(task):
    data = load(task)
    record = {"task": task, "settings": {k: v for k, v in TASKS[task].items()},
              "tolerance": TOLERANCE, "models": {}}
    record["settings"]["train_samples"] = int(len(data[1]))
    record["settings"]["test_samples"] = int(len(data[3]))
    results = {}
    for variant in ["q8", "cls"]:
        model, acc, seconds, _ = fit(task, variant, 1, data)
        results[variant] = (model, acc, seconds, 1)
    target = results["cls"][1] - TOLERANCE
    tried = []
    for width in WIDTHS:
        model, acc, seconds, _ = fit(task, "bnn", width, data)
        tried.append({"width": width, "accuracy": round(acc, 4), "train_seconds": round(seconds),
                      "weight_bits": sum(weight_memory(model))})
        results["bnn"] = (model, acc, seconds, width)
        if acc >= target:
            break
    record["bnn_widths_tried"] = tried
    record["bnn_matched"] = bool(results["bnn"][1] >= target)
    for variant, (model, acc, seconds, width) in results.items():
        record["models"][variant] = {
            "onnx": export(model, task, variant, data[2]),
            "width": width, "channels": model.widths, "torch_accuracy": round(acc, 4),
            "train_seconds": round(seconds), "weight_bits_per_layer": weight_memory(model),
            "nudged_channels": sum(getattr(w, "nudged", 0) for w in model.weights()),
            "layers": {"features": VARIANTS[variant][0], "classifier": VARIANTS[variant][1]}}
    record["notes"] = (
        ("SYNTHETIC ECG-like beats (ecg_synth.py), not real recordings. " if task == "ecg" else
         "Fashion-MNIST (Debian dataset-fashion-mnist), trained on a subset. ") +
        f"Short training: {TASKS[task]['epochs']} epochs, one CPU thread.")
    bc.write_json(os.path.join(bc.HERE, f"precision_{task}.json"), record)


def main():
    tasks = sys.argv[1:] or list(TASKS)
    for task in tasks:
        if task not in TASKS:
            raise SystemExit(f"unknown task {task}: one of {', '.join(TASKS)}")
        run_task(task)


if __name__ == "__main__":
    main()
