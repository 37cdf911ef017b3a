// The binarizing quantizers of the QONNX/Brevitas and FINN dialects (both map 0 to the positive
// level, unlike ONNX Sign: DOMAIN.md, tie policy) and FINN's XnorPopcountMatMul.
#include "kernel.h"

#include "bnnc/ir/quant.h"

#include <algorithm>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// QONNX BipolarQuant(x, scale): y = (x >= 0 ? +1 : -1) * scale, scale broadcast against x.
std::vector<Tensor> bipolarQuant(const OpCall &c) {
  const Tensor &x = c.in(0), &scale = c.in(1);
  c.requireType(x, {DType::Float}, "input X");
  c.requireType(scale, {DType::Float}, "input scale");
  Tensor y = c.alloc(DType::Float, broadcastShapes(c, {x.shape, scale.shape}));
  forEachBroadcast(y.shape, {x.shape, scale.shape},
                   [&](int64_t o, const std::vector<int64_t> &off) {
                     double s = scale.data[off[1]];
                     y.data.set(o, x.data[off[0]] >= 0 ? s : -s);
                   });
  return outputs(std::move(y));
}

// The channel axis of a MultiThreshold input, as QONNX's execution defines it: axis 1 of a 2-D
// input; axis 1 (NCHW) or 3 (NHWC) of a 4-D one; for any other rank the last axis, whatever the
// layout (QONNX reshapes such inputs to [-1, last dimension]).
int64_t channelAxis(const OpCall &c, int64_t rank) {
  std::string layout = c.node.attrString("data_layout", "NCHW");
  if (layout != "NCHW" && layout != "NHWC")
    c.fail("data_layout '" + layout + "' is not supported, only NCHW or NHWC");
  if (rank < 2)
    c.fail("MultiThreshold input must have rank >= 2, got " + std::to_string(rank));
  if (rank == 4)
    return layout == "NHWC" ? 3 : 1;
  return rank == 2 ? 1 : rank - 1;
}

// FINN MultiThreshold(x, thresholds[C or 1, T]):
//   y = out_scale * #{t : x >= thresholds[channel, t]} + out_bias,
// a row of thresholds per channel, or one row shared by all channels.
std::vector<Tensor> multiThreshold(const OpCall &c) {
  const Tensor &x = c.in(0), &th = c.in(1);
  c.requireType(x, {DType::Float}, "input X");
  c.requireType(th, {DType::Float}, "input thresholds");
  int64_t axis = channelAxis(c, int64_t(x.shape.size())), channels = x.shape[axis];
  if (th.shape.size() != 2 || (th.shape[0] != channels && th.shape[0] != 1))
    c.fail("thresholds shape " + shapeString(th.shape) + " does not fit " +
           std::to_string(channels) + " channels (expected [" + std::to_string(channels) +
           ",T] or [1,T])");
  float scale = float(c.node.attrFloat("out_scale", 1.0));
  float bias = float(c.node.attrFloat("out_bias", 0.0));
  int64_t steps = th.shape[1];
  int64_t inner = numel(Shape(x.shape.begin() + axis + 1, x.shape.end()));
  Tensor y = c.alloc(DType::Float, x.shape);
  for (int64_t i = 0; i < x.numel(); ++i) {
    int64_t row = th.shape[0] == 1 ? 0 : (i / inner) % channels;
    int64_t count = 0;
    for (int64_t t = 0; t < steps; ++t)
      count += x.data[i] >= th.data[row * steps + t];
    y.data.set(i, f32(scale * float(count) + bias));
  }
  return outputs(std::move(y));
}

// XnorPopcountMatMul(a [..., K], b [K, N]) on {0, 1} values, as QONNX defines it: the bipolar
// product of 2a - 1 and 2b - 1 is P - N (matching minus differing positions) and K = P + N, so
// the number of matching positions is P = (dot + K) / 2.
std::vector<Tensor> xnorPopcountMatMul(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  c.requireType(a, {DType::Float}, "input A");
  c.requireType(b, {DType::Float}, "input B");
  if (a.shape.empty() || b.shape.size() != 2 || a.shape.back() != b.shape[0])
    c.fail("XnorPopcountMatMul needs A [..., K] and B [K, N], got " + shapeString(a.shape) +
           " and " + shapeString(b.shape));
  int64_t k = b.shape[0], n = b.shape[1], rows = a.numel() / std::max<int64_t>(k, 1);
  Shape out = a.shape;
  out.back() = n;
  c.checkWork(rows * n, k, "multiply-adds");
  Tensor y = c.alloc(DType::Float, out);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < n; ++j) {
      double dot = 0;
      for (int64_t q = 0; q < k; ++q)
        dot += (2 * a.data[size_t(r * k + q)] - 1) * (2 * b.data[size_t(q * n + j)] - 1);
      y.data.set(size_t(r * n + j), f32((dot + double(k)) * 0.5));
    }
  return outputs(std::move(y));
}

const std::vector<AttrSpec> kThresholdAttrs = {{"out_dtype", K::String},
                                               {"out_scale", K::Float},
                                               {"out_bias", K::Float},
                                               {"data_layout", K::String}};

} // namespace

std::vector<OpDef> quantizerOps() {
  std::vector<OpDef> ops;
  for (const std::string &domain : qonnxDomains()) {
    ops.push_back({{domain, "BipolarQuant", 2, 2, 1, {}}, bipolarQuant});
    ops.push_back({{domain, "MultiThreshold", 2, 2, 1, kThresholdAttrs}, multiThreshold});
    ops.push_back({{domain, "XnorPopcountMatMul", 2, 2, 1, {}}, xnorPopcountMatMul});
  }
  return ops;
}

} // namespace bnnc::ir::detail
