// BatchNormalization (inference) and Clip.
#include "kernel.h"

#include <cmath>
#include <limits>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// Only inference-mode batch normalization with per-channel statistics is defined here;
// training mode would update the statistics and produce the extra outputs.
void checkInference(const OpCall &c) {
  if (c.node.attrInt("training_mode", 0) != 0)
    c.fail("training_mode=1 is not supported, only inference");
  if (c.node.attrInt("spatial", 1) != 1)
    c.fail("spatial=0 is not supported, only per-channel statistics");
  for (size_t i = 1; i < c.node.outputs.size(); ++i)
    if (c.wantsOutput(i))
      c.fail("output " + std::to_string(i) + " ('" + c.node.outputs[i] +
             "') exists only in training mode, which is not supported");
  if (double eps = c.node.attrFloat("epsilon", 1e-5); !(eps > 0))
    c.fail("epsilon must be positive, got " + formatNumber(eps));
}

// y = scale * (x - mean) / sqrt(var + eps) + B, evaluated per channel c as
//   a = scale / sqrt(var + eps),  b = B - mean * a,  y = x * a + b
// in float32, the order onnxruntime's and PyTorch's CPU kernels use.
std::vector<Tensor> batchNorm(const OpCall &c) {
  checkInference(c);
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float}, "input X");
  if (x.shape.size() < 2)
    c.fail("BatchNormalization input must have rank >= 2, got " + shapeString(x.shape));
  int64_t channels = x.shape[1];
  const char *names[] = {"scale", "B", "input_mean", "input_var"};
  for (size_t i = 1; i <= 4; ++i) {
    c.requireType(c.in(i), {DType::Float}, names[i - 1]);
    if (c.in(i).shape != Shape{channels})
      c.fail(std::string(names[i - 1]) + " has shape " + shapeString(c.in(i).shape) +
             ", expected [" + std::to_string(channels) + "]");
  }
  // ONNX stores epsilon as a float attribute; the per-channel a and b are recomputed per element,
  // which keeps the loop simple and costs nothing next to the convolutions.
  float eps = float(c.node.attrFloat("epsilon", 1e-5));
  int64_t inner = numel(Shape(x.shape.begin() + 2, x.shape.end()));
  Tensor y = c.alloc(DType::Float, x.shape);
  for (int64_t i = 0; i < x.numel(); ++i) {
    int64_t ch = (i / inner) % channels;
    float inv_std = 1.0f / std::sqrt(float(c.in(4).data[ch]) + eps);
    float a = inv_std * float(c.in(1).data[ch]);
    float b = float(c.in(2).data[ch]) - float(c.in(3).data[ch]) * a;
    y.data.set(i, f32(float(x.data[i]) * a + b));
  }
  return outputs(std::move(y));
}

// One bound of Clip: the attribute before opset 11, the optional scalar input from 11 on.
double clipBound(const OpCall &c, const char *name, size_t input, double fallback) {
  if (c.opset() < 11) {
    if (c.opt(input))
      c.fail(std::string(name) + " is an attribute before opset 11, not an input (model opset " +
             std::to_string(c.opset()) + ")");
    return c.node.attrFloat(name, fallback);
  }
  if (c.node.attr(name))
    c.fail(std::string(name) + " is an input from opset 11 on, not an attribute (model opset " +
           std::to_string(c.opset()) + ")");
  const Tensor *t = c.opt(input);
  if (!t)
    return fallback;
  if (t->numel() != 1)
    c.fail(std::string(name) + " must be a scalar, got shape " + shapeString(t->shape));
  if (t->dtype() != c.in(0).dtype())
    c.fail(std::string(name) + " has type " + dtypeName(t->dtype()) + ", input has " +
           dtypeName(c.in(0).dtype()));
  return t->data[0];
}

// Clip: y = min(max(x, lo), hi) (so hi wins when lo > hi, as the ONNX definition reads).
std::vector<Tensor> clip(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float, DType::Int64}, "input");
  double inf = std::numeric_limits<double>::infinity();
  double lo = clipBound(c, "min", 1, -inf), hi = clipBound(c, "max", 2, inf);
  if (x.dtype() == DType::Float) {
    lo = std::isinf(lo) ? lo : f32(lo);
    hi = std::isinf(hi) ? hi : f32(hi);
  }
  // Both bounds are float32 (or int64) values like x, so min/max need no rounding.
  Tensor y = c.alloc(x.dtype(), x.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    y.data.set(i, std::min(std::max(x.data[i], lo), hi));
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> normalizeOps() {
  return {{{"",
            "BatchNormalization",
            5,
            5,
            5,
            {{"epsilon", K::Float},
             {"momentum", K::Float},
             {"training_mode", K::Int},
             {"spatial", K::Int},
             {"is_test", K::Int},
             {"consumed_inputs", K::Ints}}},
           batchNorm},
          {{"", "Clip", 1, 3, 1, {{"min", K::Float}, {"max", K::Float}}}, clip}};
}

} // namespace bnnc::ir::detail
