"""Writes the generated members of the exporter families (gen_*.onnx and their inputs): models
with seeded random weights in exactly the node patterns Brevitas, QONNX and FINN write, for the
forms no published file here covers (a Brevitas CNV convolutional network, per-channel ops before
an input quantizer, FINN's ternary input, ArgMax) and the multi-bit encodings (FINN's per-channel
2-bit MultiThreshold, 2-bit and 4-bit QONNX Quant weights and activations, mixed precision). Run with Debian's python3 (python3-onnx):

    /usr/bin/python3 tests/models/external/make_generated.py

then make_expected.py for their reference outputs. The output is the same on every run.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "samples", "training"))
import require  # noqa: E402  (first: says which interpreter to use)

require.modules("numpy", "onnx")


import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
QONNX = "qonnx.custom_op.general"
SAMPLES = 64


class Graph:
    """Nodes, initializers and names of a model under construction."""

    def __init__(self, name, rng):
        self.name, self.rng = name, rng
        self.nodes, self.inits, self.count = [], [], 0

    def const(self, value, dtype=np.float32):
        self.count += 1
        name = f"{self.name}_c{self.count}"
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(self, op, inputs, domain="", outputs=1, **attrs):
        self.count += 1
        name = f"{op}_{self.count}"
        outs = [f"{name}_out{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=name, domain=domain, **attrs))
        return outs[0] if outputs == 1 else outs

    def bipolar_weight(self, shape):
        """A latent float weight quantized at run time, as Brevitas exports it."""
        latent = self.rng.normal(0, 1, shape)
        return self.node("BipolarQuant", [self.const(latent), self.const(1.0)], QONNX)

    def quant_weight(self, shape, bits, signed=1, narrow=0, rounding="ROUND", zero=0.0):
        """A latent float weight quantized at run time by a k-bit Quant with a per-output-channel
        scale (axis 0), as Brevitas exports a k-bit weight."""
        latent = self.rng.normal(0, 1, shape)
        scale = self.rng.uniform(0.05, 0.4, (shape[0],) + (1,) * (len(shape) - 1))
        return self.node("Quant", [self.const(latent), self.const(scale), self.const(zero),
                                   self.const(float(bits))], QONNX,
                         narrow=narrow, signed=signed, rounding_mode=rounding)

    def quant_act(self, x, bits, scale, signed=0, narrow=0, rounding="ROUND"):
        """A k-bit activation quantizer (per-tensor scale), as Brevitas' QuantReLU/QuantIdentity
        export it."""
        return self.node("Quant", [x, self.const(scale), self.const(0.0), self.const(float(bits))],
                         QONNX, narrow=narrow, signed=signed, rounding_mode=rounding)

    def batchnorm(self, x, channels):
        r = self.rng
        params = [r.uniform(0.5, 2, channels) * r.choice([-1, 1], channels),
                  r.normal(0, 1, channels), r.normal(0, 4, channels), r.uniform(1, 30, channels)]
        return self.node("BatchNormalization", [x] + [self.const(p) for p in params],
                         epsilon=1e-5)

    def tensornorm(self, x):
        """Brevitas' TensorNorm on the scores: (x - mean) / Pow(var, 0.5) * w + b."""
        r = self.rng
        y = self.node("Sub", [x, self.const([r.normal(0, 1)])])
        s = self.node("Pow", [self.const([r.uniform(50, 400)]), self.const(0.5)])
        y = self.node("Div", [y, s])
        y = self.node("Mul", [y, self.const([r.uniform(0.5, 1.5)])])
        return self.node("Add", [y, self.const([r.normal(0, 1)])])

    def save(self, x_shape, out, out_type=TensorProto.FLOAT, opset=17):
        g = helper.make_graph(self.nodes, self.name,
                              [helper.make_tensor_value_info("global_in", TensorProto.FLOAT,
                                                             x_shape)],
                              [helper.make_tensor_value_info(out, out_type, None)], self.inits)
        imports = [helper.make_opsetid("", opset), helper.make_opsetid(QONNX, 1)]
        m = helper.make_model(g, producer_name="bnnc-generator", opset_imports=imports)
        onnx.save(m, os.path.join(HERE, self.name + ".onnx"))


def brevitas_cnv(rng):
    """Brevitas' CNV as export_qonnx writes it (smaller): Mul 2, Sub 1, an 8-bit signed input
    Quant with scale 1/128, 3x3 convolutions without padding whose weights are BipolarQuant of
    latent floats, batch norm, BipolarQuant activations, max pooling, Reshape, dense layers and
    TensorNorm with its constant Pow."""
    g = Graph("gen_brevitas_cnv_w1a1", rng)
    x = g.node("Mul", ["global_in", g.const(2.0)])
    x = g.node("Sub", [x, g.const([1.0])])
    x = g.node("Quant", [x, g.const(1 / 128), g.const(0.0), g.const(8.0)], QONNX,
               narrow=0, signed=1, rounding_mode="ROUND")
    cin = 3
    for cout, pool in [(8, False), (8, True), (16, True)]:
        x = g.node("Conv", [x, g.bipolar_weight((cout, cin, 3, 3))], kernel_shape=[3, 3],
                   pads=[0, 0, 0, 0], strides=[1, 1], dilations=[1, 1], group=1)
        x = g.node("BipolarQuant", [g.batchnorm(x, cout), g.const(1.0)], QONNX)
        if pool:
            x = g.node("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])
        cin = cout
    x = g.node("Reshape", [x, g.const([1, -1], np.int64)])
    x = g.node("MatMul", [x, g.bipolar_weight((64, 32))])
    x = g.node("BipolarQuant", [g.batchnorm(x, 32), g.const(1.0)], QONNX)
    x = g.node("MatMul", [x, g.bipolar_weight((32, 10))])
    g.save([1, 3, 16, 16], g.tensornorm(x))
    return g.name, [1, 3, 16, 16], "unit"


def channel_affine_quant(rng):
    """Per-channel normalization on raw 0..255 pixels before a 4-bit unsigned input quantizer
    with HALF_UP rounding, then a binary convolution with padding and a final ArgMax."""
    g = Graph("gen_channel_affine_quant_w1a1", rng)
    x = g.node("Div", ["global_in", g.const(255.0)])
    x = g.node("Sub", [x, g.const(np.array([0.4, 0.6]).reshape(1, 2, 1, 1))])
    x = g.node("Div", [x, g.const(np.array([0.3, 0.2]).reshape(1, 2, 1, 1))])
    x = g.node("Quant", [x, g.const(0.25), g.const(0.0), g.const(4.0)], QONNX,
               narrow=0, signed=0, rounding_mode="HALF_UP")
    x = g.node("Conv", [x, g.bipolar_weight((6, 2, 3, 3))], kernel_shape=[3, 3],
               pads=[1, 1, 1, 1])
    x = g.node("BipolarQuant", [g.batchnorm(x, 6), g.const(1.0)], QONNX)
    x = g.node("Flatten", [x], axis=1)
    x = g.node("MatMul", [x, g.bipolar_weight((6 * 8 * 8, 5))])
    x = g.node("ArgMax", [x], axis=1, keepdims=1)
    g.save([1, 2, 8, 8], x, TensorProto.INT64)
    return g.name, [1, 2, 8, 8], "raw"


def finn_ternary_input(rng):
    """FINN's dialect: a two-threshold MultiThreshold ({0, 1, 2}) then Add -1 on the input,
    MatMul -> Mul 1 -> Unsqueeze -> BatchNormalization -> Squeeze -> MultiThreshold hidden
    layers, and TopK."""
    g = Graph("gen_finn_ternary_input_w1a1", rng)
    x = g.node("Reshape", ["global_in", g.const([1, -1], np.int64)])
    x = g.node("MultiThreshold", [x, g.const([[-0.3, 0.3]])], "finn.custom_op.general",
               out_dtype="UINT2")
    x = g.node("Add", [x, g.const(-1.0)])
    for fan_in, fan_out in [(48, 32), (32, 16)]:
        w = g.const(rng.choice([-1.0, 1.0], (fan_in, fan_out)))
        x = g.node("Mul", [g.node("MatMul", [x, w]), g.const(1.0)])
        x = g.node("Unsqueeze", [x], axes=[2])
        x = g.node("Squeeze", [g.batchnorm(x, fan_out)], axes=[2])
        x = g.node("MultiThreshold", [x, g.const(np.zeros((1, 1)))], "finn.custom_op.general",
                   out_dtype="BIPOLAR", out_scale=2.0, out_bias=-1.0)
    x = g.node("MatMul", [x, g.const(rng.choice([-1.0, 1.0], (16, 10)))])
    x = g.node("Add", [g.node("Mul", [x, g.const([0.5])]), g.const([0.25])])
    _, idx = g.node("TopK", [x, g.const([1], np.int64)], outputs=2, axis=-1)
    g.save([1, 3, 4, 4], idx, TensorProto.INT64, opset=12)
    return g.name, [1, 3, 4, 4], "normal"


def finn_w1a2(rng):
    """FINN's 2-bit activations: binary weights, then a MultiThreshold with three thresholds per
    channel (UINT2 codes {0, 1, 2, 3}, out_scale/out_bias mapping them to {-1.5, -0.5, 0.5, 1.5}),
    thresholds that differ per channel and are not integers, feeding the next binary layer."""
    g = Graph("gen_finn_w1a2", rng)
    x = g.node("Reshape", ["global_in", g.const([1, -1], np.int64)])
    x = g.node("MultiThreshold", [x, g.const([[-0.5, 0.0, 0.5]])], "finn.custom_op.general",
               out_dtype="UINT2", out_scale=1.0, out_bias=-1.5)
    for fan_in, fan_out in [(48, 32), (32, 24)]:
        x = g.node("MatMul", [x, g.const(rng.choice([-1.0, 1.0], (fan_in, fan_out)))])
        t = np.sort(rng.normal(0, 3, (fan_out, 3)), axis=1)
        x = g.node("MultiThreshold", [x, g.const(t)], "finn.custom_op.general",
                   out_dtype="UINT2", out_scale=1.0, out_bias=-1.5)
    x = g.node("MatMul", [x, g.const(rng.choice([-1.0, 1.0], (24, 10)))])
    g.save([1, 3, 4, 4], x, opset=12)
    return g.name, [1, 3, 4, 4], "normal"


def qonnx_w2a2(rng):
    """Brevitas' W2A2 dense network: an 8-bit input Quant, weights of a 2-bit signed Quant with
    per-channel scales (HALF_EVEN rounding on one layer, ROUND on the others), batch norm and a
    2-bit unsigned activation Quant, TensorNorm on the scores."""
    g = Graph("gen_qonnx_w2a2", rng)
    x = g.node("Reshape", ["global_in", g.const([1, -1], np.int64)])
    x = g.quant_act(x, 8, 1 / 255)
    fan_in = 64
    for fan_out, rounding in [(48, "ROUND"), (32, "HALF_EVEN")]:
        x = g.node("MatMul", [x, g.node("Transpose", [g.quant_weight((fan_out, fan_in), 2,
                                                                      rounding=rounding)])])
        x = g.quant_act(g.batchnorm(x, fan_out), 2, 0.5)
        fan_in = fan_out
    x = g.node("MatMul", [x, g.node("Transpose", [g.quant_weight((10, fan_in), 2)])])
    g.save([1, 1, 8, 8], g.tensornorm(x))
    return g.name, [1, 1, 8, 8], "unit"


def qonnx_w4a4_conv(rng):
    """A W4A4 convolutional network: 4-bit narrow signed weights (per-channel scale, a nonzero
    zero point on one layer), 4-bit signed activations after batch norm, max pooling of the 4-bit
    codes, a padded convolution, a 4-bit dense classifier."""
    g = Graph("gen_qonnx_w4a4_conv", rng)
    x = g.quant_act("global_in", 8, 1 / 128, signed=1)
    cin = 2
    for cout, pad, zero in [(6, 1, 0.0), (8, 0, 1.0)]:
        w = g.quant_weight((cout, cin, 3, 3), 4, narrow=1, zero=zero)
        x = g.node("Conv", [x, w], kernel_shape=[3, 3], pads=[pad] * 4)
        x = g.quant_act(g.batchnorm(x, cout), 4, 0.25, signed=1)
        x = g.node("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
        cin = cout
    x = g.node("Flatten", [x], axis=1)
    x = g.node("Gemm", [x, g.quant_weight((10, cin * 2 * 2), 4, narrow=1)], transB=1)
    g.save([1, 2, 12, 12], x)
    return g.name, [1, 2, 12, 12], "normal"


def mixed_precision(rng):
    """Mixed precision, as users keep accuracy: an 8-bit input and a first convolution of 8-bit
    weights and 4-bit unsigned activations, a binary middle (BipolarQuant weights and
    activations, max pooling), and a last layer of 4-bit weights."""
    g = Graph("gen_mixed_precision", rng)
    x = g.quant_act("global_in", 8, 1 / 255)
    w = g.quant_weight((8, 1, 3, 3), 8, rounding="FLOOR")
    x = g.node("Conv", [x, w], kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    x = g.quant_act(g.batchnorm(x, 8), 4, 0.2)
    x = g.node("Conv", [x, g.bipolar_weight((12, 8, 3, 3))], kernel_shape=[3, 3])
    x = g.node("BipolarQuant", [g.batchnorm(x, 12), g.const(1.0)], QONNX)
    x = g.node("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
    x = g.node("Flatten", [x], axis=1)
    x = g.node("MatMul", [x, g.bipolar_weight((12 * 4 * 4, 24))])
    x = g.node("BipolarQuant", [g.batchnorm(x, 24), g.const(1.0)], QONNX)
    x = g.node("MatMul", [x, g.node("Transpose", [g.quant_weight((10, 24), 4, rounding="CEIL")])])
    g.save([1, 1, 10, 10], x)
    return g.name, [1, 1, 10, 10], "unit"


def inputs(rng, shape, kind):
    """Samples: k/255 on [0, 1], 0..255 integers, or normal values."""
    full = (SAMPLES,) + tuple(shape[1:])
    if kind == "unit":
        return (rng.randint(0, 256, full) / 255.0).astype(np.float32)
    if kind == "raw":
        return rng.randint(0, 256, full).astype(np.float32)
    return rng.normal(0, 1, full).astype(np.float32)


def main():
    makers = [brevitas_cnv, channel_affine_quant, finn_ternary_input, finn_w1a2, qonnx_w2a2,
              qonnx_w4a4_conv, mixed_precision]
    for seed, make in enumerate(makers, 1):
        rng = np.random.RandomState(seed)
        name, shape, kind = make(rng)
        x = inputs(rng, shape, kind)
        np.save(os.path.join(HERE, f"{name}-x.npy"), x)
        print(name, x.shape)


if __name__ == "__main__":
    main()
