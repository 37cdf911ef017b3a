"""A small float64 numpy interpreter for the ONNX subset the bnnc samples and test models use.

It exists so that every expected-output file is checked by a second, independent implementation
of the graph as stored (not of the PyTorch module that produced it). It reads the model with the
onnx package (external data included), walks the nodes in order and evaluates each one with plain
numpy in float64. Unknown ops raise, so a model can never be "checked" by silently skipping a node.

Custom ops, whatever domain they are written in (QONNX's, FINN's, Brevitas' or none), with the
semantics QONNX documents (docs/qonnx-custom-ops in fastmachinelearning/qonnx):
  BipolarQuant(x, s)        y = where(x >= 0, 1, -1) * s
  Quant(x, s, z, b)         v = x / s + z; signed 1-bit: v = where(v >= 0, 1, -1) (QONNX's rule),
                            else v = round(clip(v, min_int, max_int)) by rounding_mode;
                            y = (v - z) * s
  MultiThreshold(x, T)      y = out_scale * #{thresholds t : x >= t} + out_bias, thresholds per
                            channel of axis 1 (or the last axis with NHWC), or one row for all
  XnorPopcountMatMul(a, b)  ((2a - 1) @ (2b - 1) + K) / 2 on {0, 1} values
"""

import numpy as np
import onnx
from onnx import numpy_helper


def run_model(path, x):
    """Runs the single-input model at `path` on batch `x`; returns its first output.

    A model exported with a fixed batch of 1 (e.g. Reshape to a constant [1, -1]) is run one
    sample at a time; a model with a symbolic batch axis gets the whole batch at once.
    """
    model = onnx.load(path)  # also reads external data files next to `path`
    name = model.graph.output[0].name
    return np.concatenate([env[name] for env in _runs(model, x)])


def _runs(model, x):
    """One environment per sample for a batch-1 model, else one for the whole batch."""
    inp = model.graph.input[0]
    if inp.type.tensor_type.shape.dim[0].dim_value == 1:
        return [run_graph(model, {inp.name: x[i:i + 1]}) for i in range(len(x))]
    return [run_graph(model, {inp.name: x})]


def decision_margins(path, x):
    """[(node name, min distance of its data input from the threshold)] for every binarizer
    (Sign, GreaterOrEqual, BipolarQuant, MultiThreshold) that acts on data, not weights."""
    model = onnx.load(path)
    envs = _runs(model, x)
    const = {t.name for t in model.graph.initializer}
    out = []
    for node in model.graph.node:
        if all(n in const for n in node.input if n) or node.op_type == "Constant":
            const.update(node.output)
            continue
        if node.op_type in ("Sign", "BipolarQuant", "GreaterOrEqual", "MultiThreshold"):
            out.append((node.name, min(_margin(node, env) for env in envs)))
    return out


def _margin(node, env):
    v = env[node.input[0]]
    if node.op_type == "GreaterOrEqual":
        return float(np.abs(v - env[node.input[1]]).min())
    if node.op_type == "MultiThreshold":
        return float(np.abs(np.expand_dims(np.moveaxis(v, 1, -1), -1) - env[node.input[1]]).min())
    return float(np.abs(v).min())


def opset_of(model):
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            return o.version
    raise ValueError("model has no default-domain opset")


def run_graph(model, feeds):
    """Evaluates every node of `model.graph`; returns all values by name."""
    env = {t.name: numpy_helper.to_array(t).astype(_float_or_int(t))
           for t in model.graph.initializer}
    env.update(feeds)
    opset = opset_of(model)
    for node in model.graph.node:
        args = [env[n] if n else None for n in node.input]
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        fn = OPS.get(node.op_type)
        if fn is None:
            raise NotImplementedError(f"node '{node.name}': op {node.op_type} not supported")
        outs = fn(args, attrs, opset)
        for name, value in zip(node.output, outs if isinstance(outs, tuple) else (outs,)):
            env[name] = value
    return env


def _float_or_int(t):
    """Float initializers become float64, integer ones int64 (shapes, indices)."""
    if t.data_type in (onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16):
        return np.float64
    if t.data_type == onnx.TensorProto.BOOL:
        return bool
    return np.int64


def _s(s):
    return s.decode() if isinstance(s, bytes) else s


# --- elementwise and shape ops -------------------------------------------------------------


def _constant(a, at, op):
    t = at["value"]
    return numpy_helper.to_array(t).astype(_float_or_int(t))


def _clip(a, at, op):
    # opset < 11: min/max attributes; opset >= 11: optional inputs 2 and 3
    if op < 11:
        return np.clip(a[0], at.get("min", -np.inf), at.get("max", np.inf))
    lo = a[1] if len(a) > 1 and a[1] is not None else -np.inf
    hi = a[2] if len(a) > 2 and a[2] is not None else np.inf
    return np.clip(a[0], lo, hi)


def _reshape(a, at, op):
    shape = [int(d) for d in a[1]]
    shape = [a[0].shape[i] if d == 0 else d for i, d in enumerate(shape)]
    return a[0].reshape(shape)


def _flatten(a, at, op):
    axis = at.get("axis", 1)
    x = a[0]
    return x.reshape(int(np.prod(x.shape[:axis])), -1)


def _unsqueeze(a, at, op):
    axes = at["axes"] if op < 13 else [int(v) for v in a[1]]
    x = a[0]
    for ax in sorted(axes):
        x = np.expand_dims(x, ax)
    return x


def _squeeze(a, at, op):
    axes = at.get("axes") if op < 13 else (a[1] if len(a) > 1 else None)
    return np.squeeze(a[0], axis=None if axes is None else tuple(int(v) for v in axes))


def _gather(a, at, op):
    return np.take(a[0], a[1], axis=at.get("axis", 0))


def _concat(a, at, op):
    return np.concatenate(a, axis=at["axis"])


def _const_of_shape(a, at, op):
    v = numpy_helper.to_array(at["value"]) if "value" in at else np.zeros(1, np.float32)
    dt = np.float64 if v.dtype.kind == "f" else np.int64
    return np.full([int(d) for d in a[0]], v.reshape(-1)[0], dtype=dt)


def _expand(a, at, op):
    shape = np.broadcast_shapes(a[0].shape, tuple(int(d) for d in a[1]))
    return np.broadcast_to(a[0], shape).copy()


def _where(a, at, op):
    return np.where(a[0], a[1], a[2])


def _gemm(a, at, op):
    A = a[0].T if at.get("transA", 0) else a[0]
    B = a[1].T if at.get("transB", 0) else a[1]
    y = at.get("alpha", 1.0) * (A @ B)
    if len(a) > 2 and a[2] is not None:
        y = y + at.get("beta", 1.0) * a[2]
    return y


def _softmax(a, at, op, log=False):
    x = a[0]
    if op < 13:
        # opset < 13: coerce to 2-D at `axis` (default 1) and normalise over the trailing block
        axis = at.get("axis", 1)
        shape = x.shape
        x = x.reshape(int(np.prod(shape[:axis])), -1)
        y = _softmax_axis(x, 1, log)
        return y.reshape(shape)
    return _softmax_axis(x, at.get("axis", -1), log)


def _softmax_axis(x, axis, log):
    z = x - x.max(axis=axis, keepdims=True)
    lse = np.log(np.exp(z).sum(axis=axis, keepdims=True))
    return z - lse if log else np.exp(z - lse)


def _batchnorm(a, at, op):
    x, g, b, mu, var = a[:5]
    shape = [1, -1] + [1] * (x.ndim - 2)
    s = np.sqrt(var + at.get("epsilon", 1e-5))
    return (x - mu.reshape(shape)) / s.reshape(shape) * g.reshape(shape) + b.reshape(shape)


# --- convolution and pooling ---------------------------------------------------------------


def _pads(at, nd):
    p = list(at.get("pads", [0] * (2 * nd)))
    assert at.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET"), "auto_pad not supported"
    return p[:nd], p[nd:]


def _windows(x, kernel, strides, dilations, pads_lo, pads_hi, fill):
    """Returns (N, C, *out, *kernel) views of the padded input, im2col style."""
    nd = len(kernel)
    width = [(0, 0), (0, 0)] + list(zip(pads_lo, pads_hi))
    xp = np.pad(x, width, constant_values=fill)
    out = [(xp.shape[2 + i] - dilations[i] * (kernel[i] - 1) - 1) // strides[i] + 1
           for i in range(nd)]
    cols = np.empty(x.shape[:2] + tuple(out) + tuple(kernel), dtype=x.dtype)
    for k in np.ndindex(*kernel):
        sl = tuple(slice(k[i] * dilations[i], k[i] * dilations[i] + strides[i] * (out[i] - 1) + 1,
                         strides[i]) for i in range(nd))
        cols[(Ellipsis,) + k] = xp[(slice(None), slice(None)) + sl]
    return cols


def _conv(a, at, op):
    x, w = a[0], a[1]
    nd = x.ndim - 2
    assert at.get("group", 1) == 1, "grouped conv not supported"
    kernel = list(w.shape[2:])
    lo, hi = _pads(at, nd)
    cols = _windows(x, kernel, at.get("strides", [1] * nd), at.get("dilations", [1] * nd), lo, hi,
                    0.0)
    # y[n, o, pos] = sum over c and kernel taps of w[o, c, k] * x_padded[n, c, pos*s + k*d]
    cin_axes = [1] + list(range(2 + nd, 2 + 2 * nd))
    y = np.tensordot(cols, w, axes=(cin_axes, [1] + list(range(2, 2 + nd))))
    y = np.moveaxis(y, -1, 1)
    if len(a) > 2 and a[2] is not None:
        y = y + a[2].reshape([1, -1] + [1] * nd)
    return y


def _maxpool(a, at, op):
    x = a[0]
    nd = x.ndim - 2
    assert at.get("ceil_mode", 0) == 0, "ceil_mode not supported"
    kernel = list(at["kernel_shape"])
    lo, hi = _pads(at, nd)
    cols = _windows(x, kernel, at.get("strides", [1] * nd), at.get("dilations", [1] * nd), lo, hi,
                    -np.inf)
    return cols.reshape(cols.shape[:2 + nd] + (-1,)).max(axis=-1)


# --- QONNX / FINN custom ops ---------------------------------------------------------------


def _bipolar_quant(a, at, op):
    return np.where(a[0] >= 0, 1.0, -1.0) * a[1]


def _multithreshold(a, at, op):
    x, thr = a[0], a[1]
    layout = _s(at.get("data_layout", "NCHW"))
    if layout == "NHWC" and x.ndim == 4:
        x = np.transpose(x, (0, 3, 1, 2))
    v = np.expand_dims(np.moveaxis(x, 1, -1), -1)
    count = (v >= thr).sum(axis=-1)
    y = np.moveaxis(count, -1, 1).astype(np.float64)
    if layout == "NHWC" and x.ndim == 4:
        y = np.transpose(y, (0, 2, 3, 1))
    return at.get("out_scale", 1.0) * y + at.get("out_bias", 0.0)


def _int_range(signed, narrow, bits):
    """QONNX's min_int and max_int."""
    if signed:
        return -(2 ** (bits - 1)) + (1 if narrow else 0), 2 ** (bits - 1) - 1
    return 0, 2 ** bits - 1 - (1 if narrow else 0)


def _round(v, mode):
    """QONNX's rounding modes (resolve_rounding_mode)."""
    mode = mode.upper()
    if mode in ("ROUND", "HALF_EVEN"):
        return np.round(v)
    return {"CEIL": np.ceil, "FLOOR": np.floor, "DOWN": np.trunc,
            "UP": lambda x: np.sign(x) * np.ceil(np.abs(x)),
            "HALF_UP": lambda x: np.sign(x) * np.floor(np.abs(x) + 0.5),
            "HALF_DOWN": lambda x: np.sign(x) * np.ceil(np.abs(x) - 0.5)}[mode](v)


def _quant(a, at, op):
    x, scale, zeropt, bits = a[0], a[1], a[2], float(a[3])
    signed, narrow = at.get("signed", 1), at.get("narrow", 0)
    v = x / scale + zeropt
    if bits == 1 and signed:
        v = np.where(v >= 0, 1.0, -1.0)
    else:
        lo, hi = _int_range(signed, narrow, int(bits))
        v = _round(np.clip(v, lo, hi), _s(at.get("rounding_mode", "ROUND")))
    return (v - zeropt) * scale


def _xnor_popcount(a, at, op):
    k = a[1].shape[0]
    return ((2 * a[0] - 1) @ (2 * a[1] - 1) + k) / 2


def _topk(a, at, op):
    k = int(a[1].reshape(-1)[0]) if op >= 10 else at["k"]
    axis = at.get("axis", -1)
    x = a[0] if at.get("largest", 1) else -a[0]
    idx = np.argsort(-x, axis=axis, kind="stable")  # stable: equal values keep index order
    idx = np.take(idx, np.arange(k), axis=axis)
    return np.take_along_axis(a[0], idx, axis=axis), idx.astype(np.int64)


def _argmax(a, at, op):
    y = np.argmax(a[0], axis=at.get("axis", 0))  # the first maximum
    return np.expand_dims(y, at.get("axis", 0)) if at.get("keepdims", 1) else y


OPS = {
    "Identity": lambda a, at, op: a[0],
    "Constant": _constant,
    "Add": lambda a, at, op: a[0] + a[1],
    "Sub": lambda a, at, op: a[0] - a[1],
    "Mul": lambda a, at, op: a[0] * a[1],
    "Div": lambda a, at, op: a[0] / a[1],
    "Neg": lambda a, at, op: -a[0],
    "Sign": lambda a, at, op: np.sign(a[0]),
    "Relu": lambda a, at, op: np.maximum(a[0], 0),
    "GreaterOrEqual": lambda a, at, op: a[0] >= a[1],
    "Greater": lambda a, at, op: a[0] > a[1],
    "Equal": lambda a, at, op: a[0] == a[1],
    "Where": _where,
    "Clip": _clip,
    "Cast": lambda a, at, op: a[0].astype(np.float64 if at["to"] in (1, 11) else np.int64),
    "Transpose": lambda a, at, op: np.transpose(a[0], at.get("perm")),
    "MatMul": lambda a, at, op: a[0] @ a[1],
    "Gemm": _gemm,
    "BatchNormalization": _batchnorm,
    "Conv": _conv,
    "MaxPool": _maxpool,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Shape": lambda a, at, op: np.array(a[0].shape, dtype=np.int64),
    "Gather": _gather,
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Concat": _concat,
    "ConstantOfShape": _const_of_shape,
    "Expand": _expand,
    "Softmax": lambda a, at, op: _softmax(a, at, op),
    "LogSoftmax": lambda a, at, op: _softmax(a, at, op, log=True),
    "BipolarQuant": _bipolar_quant,
    "MultiThreshold": _multithreshold,
    "Quant": _quant,
    "XnorPopcountMatMul": _xnor_popcount,
    "TopK": _topk,
    "ArgMax": _argmax,
    "Pow": lambda a, at, op: np.power(a[0], a[1]),
    "Sqrt": lambda a, at, op: np.sqrt(a[0]),
    "Reciprocal": lambda a, at, op: 1.0 / a[0],
    "Abs": lambda a, at, op: np.abs(a[0]),
    "ReduceMean": lambda a, at, op: np.mean(a[0], axis=tuple(at["axes"]) if "axes" in at else None,
                                            keepdims=bool(at.get("keepdims", 1))),
}
