"""Zoo models written with the onnx helper API: patterns PyTorch does not export (Gemm
transA/alpha/beta variants, Shape -> Expand bias, QONNX BipolarQuant, FINN MultiThreshold).

Each builder computes its expected outputs with direct numpy code (float64), independent of the
graph; make_models.py then re-runs the saved graph in onnx_numpy_ref and compares the two.
Thresholds are put at half-integers T' of the dot d (d = K - 2p is an integer), so no
binarizer input is ever near 0; each builder states how its parameters place them there."""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import zoo_util as zu

QONNX = "qonnx.custom_op.general"
FINN = "finn.custom_op.general"


class Graph:
    """Collects nodes and float32 initializers; names nodes n0, n1, ..."""

    def __init__(self):
        self.nodes, self.inits = [], []

    def init(self, name, value):
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def node(self, op, inputs, output, domain="", **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], name=f"n{len(self.nodes)}",
                                           domain=domain, **attrs))
        return output

    def model(self, name, k_in, k_out, opsets):
        x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, k_in])
        y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, k_out])
        g = helper.make_graph(self.nodes, name, [x], [y], initializer=self.inits)
        ids = [helper.make_opsetid(d, v) for d, v in opsets]
        return helper.make_model(g, opset_imports=ids, producer_name="bnnc-zoo")


def pm1(rng, shape):
    return rng.choice([-1.0, 1.0], shape)


def half_thresholds(rng, k, n):
    """n thresholds at half-integers, spread like a dot of k random +-1 products."""
    return np.floor(rng.normal(0.0, np.sqrt(k) / 2.0, n)) + 0.5


def bn_params(rng, n, negative=0.3):
    g = rng.uniform(0.5, 1.5, n) * np.where(rng.uniform(size=n) < negative, -1.0, 1.0)
    return g, rng.normal(0.0, 0.3, n), rng.uniform(0.5, 4.0, n)  # gamma, beta, var


def add_bn(gr, v, name, mean, g, b, var):
    gr.init(f"{name}_g", g), gr.init(f"{name}_b", b)
    gr.init(f"{name}_m", mean), gr.init(f"{name}_v", var)
    return gr.node("BatchNormalization", [v, f"{name}_g", f"{name}_b", f"{name}_m", f"{name}_v"],
                   name + "_out", epsilon=1e-5)


def bn(v, mean, g, b, var):
    return (v - mean) / np.sqrt(var + 1e-5) * g + b


def p06_gemm_variants(rng):
    """L1: Transpose -> Gemm(transA=1, alpha=0.5, beta=2) -> BN -> Sign:
           v = 0.5 d + 2 c1; BN(v) = 0 at v = mu - b s/g, so mu = 0.5 T' + 2 c1 + b s/g.
       L2: Gemm(transB=1, alpha=-0.5, beta=-1.5) -> Sign: v = -0.5 d - 1.5 c2 = 0 at
           d = -3 c2, so c2 = -T'/3 (sign(v) = +1 iff d < T': the negative alpha flips).
       L3: Gemm(alpha=2, beta=0.25): the scores."""
    x = zu.binarized_input(rng, (48,), 0.1)
    gr = Graph()
    a0 = gr.node("Sign", [gr.node("Sub", ["input", gr.init("t", 0.1)], "xs")], "a0")
    w1, c1 = pm1(rng, (48, 32)), rng.normal(0, 1, 32)
    g, b, var = bn_params(rng, 32)
    mean = 0.5 * half_thresholds(rng, 48, 32) + 2 * c1 + b * np.sqrt(var + 1e-5) / g
    at = gr.node("Transpose", [a0], "a0t", perm=[1, 0])
    v1 = gr.node("Gemm", [at, gr.init("w1", w1), gr.init("c1", c1)], "v1", transA=1, alpha=0.5,
                 beta=2.0)
    a1 = gr.node("Sign", [add_bn(gr, v1, "bn1", mean, g, b, var)], "a1")
    w2, c2 = pm1(rng, (20, 32)), -half_thresholds(rng, 32, 20) / 3.0
    v2 = gr.node("Gemm", [a1, gr.init("w2", w2), gr.init("c2", c2)], "v2", transB=1, alpha=-0.5,
                 beta=-1.5)
    a2 = gr.node("Sign", [v2], "a2")
    w3, c3 = pm1(rng, (20, 10)), rng.normal(0, 1, 10)
    gr.node("Gemm", [a2, gr.init("w3", w3), gr.init("c3", c3)], "output", alpha=2.0, beta=0.25)
    # direct numpy: same arithmetic, written out
    h = np.sign(x.astype(np.float64) - 0.1)
    h = np.sign(bn(0.5 * (h @ w1) + 2.0 * c1, mean, g, b, var))
    h = np.sign(-0.5 * (h @ w2.T) - 1.5 * c2)
    y = 2.0 * (h @ w3) + 0.25 * c3
    return "p06_gemm_variants", gr.model("p06", 48, 10, [("", 13)]), x, y, None, None, (
        "Gemm transA=1 after a Transpose with alpha 0.5 / beta 2, Gemm transB=1 with alpha -0.5 "
        "/ beta -1.5 and no BN (negative alpha flips the comparison), Gemm alpha 2 / beta 0.25")


def p07_bias_expand(rng):
    """MatMul -> Add(Expand(b, Shape(MatMul out))) -> BN -> Sign; BN(d + b1) = 0 at
    d = mu - beta s/g - b1, so mu = T' + b1 + beta s/g."""
    x = zu.binarized_input(rng, (36,), 0.0)
    gr = Graph()
    a0 = gr.node("Sign", ["input"], "a0")
    w1, b1 = pm1(rng, (36, 20)), rng.normal(0, 2, 20)
    m1 = gr.node("MatMul", [a0, gr.init("w1", w1)], "m1")
    e1 = gr.node("Expand", [gr.init("b1", b1), gr.node("Shape", [m1], "s1")], "e1")
    g, b, var = bn_params(rng, 20)
    mean = half_thresholds(rng, 36, 20) + b1 + b * np.sqrt(var + 1e-5) / g
    v1 = gr.node("Add", [m1, e1], "v1")
    a1 = gr.node("Sign", [add_bn(gr, v1, "bn1", mean, g, b, var)], "a1")
    w2, b2 = pm1(rng, (20, 10)), rng.normal(0, 2, 10)
    m2 = gr.node("MatMul", [a1, gr.init("w2", w2)], "m2")
    e2 = gr.node("Expand", [gr.init("b2", b2), gr.node("Shape", [m2], "s2")], "e2")
    gr.node("Add", [e2, m2], "output")  # bias as the first operand this time
    h = np.sign(x.astype(np.float64))
    h = np.sign(bn(h @ w1 + b1, mean, g, b, var))
    y = h @ w2 + b2
    return "p07_bias_expand", gr.model("p07", 36, 10, [("", 13)]), x, y, None, None, (
        "bias as Shape -> Expand -> Add (onnx helper), after MatMul, before BN and at the output")


def p17_bipolar_quant(rng):
    """Sub(x, 0.2) -> BipolarQuant; weights of layer 1 quantized in-graph by BipolarQuant on a
    latent float initializer (as Brevitas exports them), layers 2-3 stored as +-1. Hidden
    BipolarQuant after BN: mu = T' + beta s/g puts the decision at the half-integer T'."""
    x = zu.binarized_input(rng, (50,), 0.2)
    gr = Graph()
    gr.init("one", 1.0)
    xs = gr.node("Sub", ["input", gr.init("t", 0.2)], "xs")
    h_in = gr.node("BipolarQuant", [xs, "one"], "a0", domain=QONNX)
    latent = rng.uniform(0.05, 1.0, (50, 30)) * pm1(rng, (50, 30))
    w1 = np.where(latent >= 0, 1.0, -1.0)
    wq = gr.node("BipolarQuant", [gr.init("w1_latent", latent), "one"], "w1q", domain=QONNX)
    layers, h, v = [(50, 30, w1), (30, 20, pm1(rng, (30, 20))), (20, 10, pm1(rng, (20, 10)))], \
        np.where(x.astype(np.float64) - 0.2 >= 0, 1.0, -1.0), h_in
    for i, (k, n, w) in enumerate(layers, start=1):
        g, b, var = bn_params(rng, n)
        mean = half_thresholds(rng, k, n) + b * np.sqrt(var + 1e-5) / g
        m = gr.node("MatMul", [v, wq if i == 1 else gr.init(f"w{i}", w)], f"m{i}")
        z = add_bn(gr, m, f"bn{i}", mean, g, b, var)
        h = bn(h @ w, mean, g, b, var)
        if i < 3:
            scale = gr.init(f"scale{i}", 1.0)
            v = gr.node("BipolarQuant", [z, scale], f"a{i}", domain=QONNX)
            h = np.where(h >= 0, 1.0, -1.0)
    gr.nodes[-1].output[0] = "output"
    model = gr.model("p17", 50, 10, [("", 13), (QONNX, 1)])
    return "p17_bipolar_quant", model, x, h, None, None, (
        "QONNX BipolarQuant (domain qonnx.custom_op.general, scale 1.0) on the input after Sub, "
        "as hidden activations, and on a latent weight initializer")


def p18_multithreshold(rng):
    """FINN: MultiThreshold(x, [[0.1]]) -> MatMul -> MultiThreshold(T1, C x 1) -> MatMul ->
    MultiThreshold(T2) -> MatMul -> Mul -> Add. out = 2 * #{x >= t} - 1, so +1 iff d >= T'."""
    x = zu.binarized_input(rng, (40,), 0.1)
    gr = Graph()
    mt = dict(domain=FINN, out_dtype="BIPOLAR", out_scale=2.0, out_bias=-1.0)
    v = gr.node("MultiThreshold", ["input", gr.init("thr0", [[0.1]])], "a0", **mt)
    h = np.where(x.astype(np.float64) >= 0.1, 1.0, -1.0)
    ws = []
    for i, (k, n, layout) in enumerate([(40, 30, None), (30, 20, "NHWC")], start=1):
        w, thr = pm1(rng, (k, n)), half_thresholds(rng, k, n)[:, None]
        ws.append(gr.init(f"w{i}", w))
        m = gr.node("MatMul", [v, f"w{i}"], f"m{i}")
        extra = {"data_layout": layout} if layout else {}
        v = gr.node("MultiThreshold", [m, gr.init(f"thr{i}", thr)], f"a{i}", **mt, **extra)
        h = 2.0 * ((h @ w)[:, :, None] >= thr[None]).sum(-1) - 1.0
    w3, scale, bias = pm1(rng, (20, 10)), rng.uniform(0.1, 1.0, 10), rng.normal(0, 1, 10)
    ws.append(gr.init("w3", w3))
    m3 = gr.node("MatMul", [v, "w3"], "m3")
    gr.node("Add", [gr.node("Mul", [m3, gr.init("mul", scale)], "s3"), gr.init("add", bias)],
            "output")
    model = gr.model("p18", 40, 10, [("", 11), (FINN, 1)])
    for name in ws:
        ann = onnx.TensorAnnotation(tensor_name=name)
        ann.quant_parameter_tensor_names.add(key="finn_datatype", value="BIPOLAR")
        model.graph.quantization_annotation.append(ann)
    y = (h @ w3) * scale + bias
    return "p18_multithreshold", model, x, y, None, None, (
        "FINN MultiThreshold (domain finn.custom_op.general, out_scale 2, out_bias -1): global "
        "(1 x 1) threshold on the input, per-channel (C x 1) thresholds without data_layout and "
        "with data_layout NHWC on 2-D data; weights annotated finn_datatype BIPOLAR; Mul + Add "
        "scores")


def save(name, model):
    path = os.path.join(zu.HERE, name + ".onnx")
    onnx.save(model, path)
    return path
