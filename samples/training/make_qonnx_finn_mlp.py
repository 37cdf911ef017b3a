"""Rewrites the trained mnist_mlp in QONNX form (qonnx_mlp.onnx) and FINN-ONNX form (finn_mlp.onnx).

No training here: the weights and BN parameters are read from samples/models/mnist_mlp.onnx
(run train_mnist_mlp.py first), and the graphs are built with the onnx helper API, since
Brevitas/QONNX/FINN are not installable on the bnnc machines.

qonnx_mlp (opset 13 + qonnx.custom_op.general v1):
    Sub(x, 0.5) -> BipolarQuant(., scale 1.0)
    MatMul(., W1) -> BatchNormalization -> BipolarQuant     W = +-1 float initializers
    MatMul(., W2) -> BatchNormalization -> BipolarQuant
    MatMul(., W3) -> BatchNormalization -> LogSoftmax
  BipolarQuant(x) = where(x >= 0, 1, -1) * scale; mnist_mlp uses Sign after Hardtanh instead,
  which differs only at an exact 0, and its thresholds are centred so that never happens.

finn_mlp (opset 11 + finn.custom_op.general v1), what FINN's streamlining leaves:
    MultiThreshold(x, [[0.5]])                      global threshold: x >= 0.5 -> +1
    MatMul(., W1') -> MultiThreshold(., T1)         one threshold per channel (shape C x 1)
    MatMul(., W2') -> MultiThreshold(., T2)
    MatMul(., W3) -> Mul(a) -> Add(c)               scores, no LogSoftmax
  MultiThreshold: y = out_scale * #{t : x >= t} + out_bias with out_scale 2, out_bias -1, so one
  threshold gives +-1. BN + sign becomes a threshold on the dot d (s = sqrt(var + eps)):
    gamma > 0: BN(d) >= 0  <=>  d >= T,  T = mu - beta * s / gamma
    gamma < 0: BN(d) >= 0  <=>  d <= T  <=>  -d >= -T: that weight column is negated (W') and
               the threshold is -T (a MultiThreshold cannot count "<=")
    gamma = 0: constant sign(beta): threshold -(K + 1) (always passed, |d| <= K) or K + 1 (never)
  The last BN is the affine map a * d + c with a = gamma / s, c = beta - gamma * mu / s.
  data_layout is "NCHW": qonnx's MultiThreshold accepts only NCHW or NHWC, and on 2-D (N, C)
  data both mean channels on axis 1.
  Weight initializers carry finn_datatype BIPOLAR in graph.quantization_annotation.

Expected outputs come from the float64 numpy interpreter (onnx_numpy_ref.py), NOT from PyTorch;
they are checked against PyTorch's outputs for mnist_mlp (LogSoftmax output for qonnx_mlp, the
pre-LogSoftmax scores for finn_mlp) on all 2,000 test digits.

Run: /usr/bin/python3 samples/training/make_qonnx_finn_mlp.py
"""

import require  # noqa: E402, first: says which interpreter to use if a package is missing

require.modules("numpy", "onnx")

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import bnn_common as bc
import onnx_numpy_ref

QONNX_DOMAIN = "qonnx.custom_op.general"
FINN_DOMAIN = "finn.custom_op.general"


def trained_layers():
    """[(W as +-1 of shape K x N, gamma, beta, mean, var, eps)] for the 3 layers of mnist_mlp."""
    model = onnx.load(os.path.join(bc.MODELS_DIR, "mnist_mlp.onnx"))
    env = onnx_numpy_ref.run_graph(model, {"input": np.zeros((1, 784))})
    bns = [n for n in model.graph.node if n.op_type == "BatchNormalization"]
    layers = []
    for i, bn in enumerate(bns):
        latent = env[f"fc{i + 1}.weight"]  # N x K latent weights
        w = np.where(latent >= 0, 1.0, -1.0).T  # SignGE, transposed as F.linear does
        g, b, mu, var = (env[name] for name in bn.input[1:5])
        eps = next(a.f for a in bn.attribute if a.name == "epsilon")
        layers.append((w, g, b, mu, var, eps))
    return layers


def f32(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def io(batch="batch"):
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [batch, 784])
    y = helper.make_tensor_value_info("scores", TensorProto.FLOAT, [batch, 10])
    return x, y


def build_qonnx(layers):
    nodes, inits = [], [f32("half", 0.5)]
    nodes.append(helper.make_node("Sub", ["input", "half"], ["x_centered"], name="sub_in"))
    inits.append(f32("scale_in", 1.0))
    nodes.append(helper.make_node("BipolarQuant", ["x_centered", "scale_in"], ["a0"],
                                  name="quant_in", domain=QONNX_DOMAIN))
    for i, (w, g, b, mu, var, eps) in enumerate(layers, start=1):
        inits += [f32(f"W{i}", w), f32(f"bn{i}_gamma", g), f32(f"bn{i}_beta", b),
                  f32(f"bn{i}_mean", mu), f32(f"bn{i}_var", var)]
        nodes.append(helper.make_node("MatMul", [f"a{i - 1}", f"W{i}"], [f"d{i}"], name=f"fc{i}"))
        bn_out = f"z{i}" if i < 3 else "bn_scores"
        nodes.append(helper.make_node(
            "BatchNormalization",
            [f"d{i}", f"bn{i}_gamma", f"bn{i}_beta", f"bn{i}_mean", f"bn{i}_var"], [bn_out],
            name=f"bn{i}", epsilon=eps))
        if i < 3:
            inits.append(f32(f"scale{i}", 1.0))
            nodes.append(helper.make_node("BipolarQuant", [bn_out, f"scale{i}"], [f"a{i}"],
                                          name=f"quant{i}", domain=QONNX_DOMAIN))
    nodes.append(helper.make_node("LogSoftmax", ["bn_scores"], ["scores"], name="logsoftmax",
                                  axis=1))
    graph = helper.make_graph(nodes, "qonnx_mlp", *[[t] for t in io()], initializer=inits)
    opsets = [helper.make_opsetid("", 13), helper.make_opsetid(QONNX_DOMAIN, 1)]
    return helper.make_model(graph, opset_imports=opsets, producer_name="bnnc-samples")


def finn_thresholds(w, g, b, mu, var, eps):
    """(W', thresholds C x 1) for one BN + sign layer; see the module docstring."""
    k = w.shape[0]
    s = np.sqrt(var.astype(np.float64) + eps)
    safe_g = np.where(g == 0, 1.0, g)
    t = mu - b * s / safe_g
    flip = g < 0
    thr = np.where(flip, -t, t)
    thr = np.where(g == 0, np.where(b >= 0, -(k + 1.0), k + 1.0), thr)
    return np.where(flip[None, :], -w, w), thr[:, None]


def multithreshold(inp, thr, out, name):
    return helper.make_node("MultiThreshold", [inp, thr], [out], name=name, domain=FINN_DOMAIN,
                            out_dtype="BIPOLAR", out_scale=2.0, out_bias=-1.0, data_layout="NCHW")


def build_finn(layers):
    nodes, inits = [], [f32("thr_in", [[0.5]])]
    nodes.append(multithreshold("input", "thr_in", "a0", "mt_in"))
    for i, layer in enumerate(layers[:2], start=1):
        w, thr = finn_thresholds(*layer)
        inits += [f32(f"W{i}", w), f32(f"thr{i}", thr)]
        nodes.append(helper.make_node("MatMul", [f"a{i - 1}", f"W{i}"], [f"d{i}"], name=f"fc{i}"))
        nodes.append(multithreshold(f"d{i}", f"thr{i}", f"a{i}", f"mt{i}"))
    w, g, b, mu, var, eps = layers[2]
    s = np.sqrt(var.astype(np.float64) + eps)
    inits += [f32("W3", w), f32("out_mul", g / s), f32("out_add", b - g * mu / s)]
    nodes.append(helper.make_node("MatMul", ["a2", "W3"], ["d3"], name="fc3"))
    nodes.append(helper.make_node("Mul", ["d3", "out_mul"], ["m3"], name="scale"))
    nodes.append(helper.make_node("Add", ["m3", "out_add"], ["scores"], name="bias"))
    graph = helper.make_graph(nodes, "finn_mlp", *[[t] for t in io()], initializer=inits)
    for tensor in ["W1", "W2", "W3", "a0", "a1", "a2"]:
        ann = onnx.TensorAnnotation(tensor_name=tensor)
        ann.quant_parameter_tensor_names.add(key="finn_datatype", value="BIPOLAR")
        graph.quantization_annotation.append(ann)
    opsets = [helper.make_opsetid("", 11), helper.make_opsetid(FINN_DOMAIN, 1)]
    return helper.make_model(graph, opset_imports=opsets, producer_name="bnnc-samples")


def check_against(name, got, ref):
    err = np.abs(got - ref)
    assert np.array_equal(got.argmax(1), ref.argmax(1)), f"{name}: argmax differs from torch"
    assert np.all(err <= 1e-5 + 1e-5 * np.abs(ref)), f"{name}: max abs err {err.max()}"
    return float(err.max())


def main():
    layers = trained_layers()
    x_u8 = bc.read_idx_gz(os.path.join(bc.DATA_DIR, "mnist_mlp-test-images-idx3-ubyte.gz"))
    y = bc.read_idx_gz(os.path.join(bc.DATA_DIR, "mnist_mlp-test-labels-idx1-ubyte.gz"))
    x = bc.u8_to_unit(x_u8).reshape(-1, 784)
    torch_ref = {"qonnx_mlp": np.load(os.path.join(bc.DATA_DIR, "mnist_mlp-torch-out.npy")),
                 "finn_mlp": np.load(os.path.join(bc.DATA_DIR, "mnist_mlp-torch-scores.npy"))}
    for name, build in (("qonnx_mlp", build_qonnx), ("finn_mlp", build_finn)):
        path = os.path.join(bc.MODELS_DIR, name + ".onnx")
        onnx.save(build(layers), path)
        bc.check_onnx(path, full=False)  # custom domains have no schemas for full_check
        out = onnx_numpy_ref.run_model(path, x.astype(np.float64)).astype(np.float32)
        err = check_against(name, out, torch_ref[name])
        bc.save_npy(name + "-numpy-out.npy", out, np.float32)
        acc = float((out.argmax(1) == y).mean())
        bc.report(name, dict(accuracy=acc, max_abs_err_vs_torch=err))
        bc.write_json(os.path.join(bc.MODELS_DIR, name + ".json"), {
            "input_bits": None,
            "input_range": None,
            "torch_accuracy": round(acc, 4),
            "test_samples": int(len(y)),
            "files": {
                "test_images_idx": "samples/data/mnist_mlp-test-images-idx3-ubyte.gz",
                "test_labels_idx": "samples/data/mnist_mlp-test-labels-idx1-ubyte.gz",
                "test_x_npy": "samples/data/mnist_mlp-test-x.npy",
                "test_y_npy": "samples/data/mnist_mlp-test-y.npy",
                "expected": f"samples/data/{name}-numpy-out.npy",
            },
            "npy_samples": 400,
            "notes": (
                f"mnist_mlp rewritten in {'QONNX' if name == 'qonnx_mlp' else 'FINN-ONNX'} form "
                "by make_qonnx_finn_mlp.py (onnx helper API). Expected outputs computed by the "
                "float64 numpy interpreter onnx_numpy_ref.py, not by PyTorch; they match "
                f"PyTorch's mnist_mlp {'LogSoftmax output' if name == 'qonnx_mlp' else 'scores'}"
                f" within {err:.2g} (abs). torch_accuracy is that of the mnist_mlp weights. "
                "Uses the mnist_mlp test files."
            ),
        })


if __name__ == "__main__":
    main()
