// QONNX's integer quantizers, with the semantics of QONNX's own executor
// (qonnx/custom_op/general/intquant.py and trunc.py), step by step in float32 as its numpy code
// computes them:
//   Quant(x, scale, zeropt, bitwidth):
//     v = x / scale + zeropt
//     signed 1-bit: v = (v >= 0 ? 1 : -1)          (QONNX's rule: such a Quant acts as bipolar)
//     otherwise:    v = round(clamp(v, min_int, max_int))
//     y = (v - zeropt) * scale
//   with min_int/max_int from (signed, narrow, bitwidth): signed [-2^(b-1) (+1 if narrow),
//   2^(b-1) - 1], unsigned [0, 2^b - 1 (-1 if narrow)].
//   Trunc(x, scale, zeropt, in_bits, out_bits) (v1) and Trunc(x, scale, zeropt, in_bits,
//   out_scale, out_bits) (v2): see truncV1 and truncV2.
#include "kernel.h"

#include "bnnc/ir/quant.h"
#include "bnnc/support/format.h"

#include <algorithm>
#include <cmath>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;
using ir::IntRange;
using ir::RoundingMode;

// A scalar operand that must be an integer bit width in [1, 24] (float32 holds every integer
// of 24 bits exactly).
int64_t bitWidth(const OpCall &c, size_t input, const char *what) {
  const Tensor &t = c.in(input);
  c.requireType(t, {DType::Float, DType::Int64}, what);
  if (t.numel() != 1)
    c.fail(std::string(what) + " must be a scalar, got shape " + shapeString(t.shape));
  double b = t.data[0];
  if (!(b >= 1 && b <= 24 && b == std::floor(b)))
    c.fail(std::string(what) + " must be an integer from 1 to 24, got " + formatNumber(b));
  return int64_t(b);
}

RoundingMode roundingMode(const OpCall &c, const char *fallback) {
  std::string name = c.node.attrString("rounding_mode", fallback);
  std::optional<RoundingMode> mode = parseRoundingMode(name);
  if (!mode)
    c.fail("rounding_mode '" + name +
           "' is not one of ROUND, HALF_EVEN, CEIL, FLOOR, UP, DOWN, "
           "HALF_UP, HALF_DOWN");
  return *mode;
}

void requireFloats(const OpCall &c, size_t n) {
  static const char *names[] = {"input X", "input scale", "input zeropt"};
  for (size_t i = 0; i < n; ++i)
    c.requireType(c.in(i), {DType::Float}, names[i]);
}

std::vector<Tensor> quant(const OpCall &c) {
  requireFloats(c, 3);
  const Tensor &x = c.in(0), &s = c.in(1), &z = c.in(2);
  IntRange r = intRange(c.node.attrInt("signed", 1) != 0, c.node.attrInt("narrow", 0) != 0,
                        bitWidth(c, 3, "input bitwidth"));
  RoundingMode mode = roundingMode(c, "ROUND");
  std::vector<Shape> shapes = {x.shape, s.shape, z.shape};
  Tensor y = c.alloc(DType::Float, broadcastShapes(c, shapes));
  forEachBroadcast(y.shape, shapes, [&](int64_t o, const std::vector<int64_t> &off) {
    y.data.set(o, quantValue(x.data[off[0]], s.data[off[1]], z.data[off[2]], r, mode));
  });
  return outputs(std::move(y));
}

// Trunc v1: v = round(x / scale + zeropt) / 2^(in_bits - out_bits), rounded by rounding_mode,
// y = (v - zeropt) * scale.
double truncV1(double x, double s, double z, int64_t shift, RoundingMode mode) {
  float v = std::nearbyint(float(float(x) / float(s)) + float(z));
  v = float(v / float(std::ldexp(1.0, int(shift))));
  v = float(applyRounding(v, mode));
  return f32(float(v - float(z)) * float(s));
}

// Trunc v2: v = round(x / scale + zeropt) / t with t = 2^round(log2(out_scale / scale)),
// clamped to the output range, rounded by rounding_mode, y = (v - zeropt / t) * out_scale.
double truncV2(double x, double s, double z, double out_s, IntRange r, RoundingMode mode) {
  float t = float(std::exp2(std::nearbyint(std::log2(float(float(out_s) / float(s))))));
  float v = std::nearbyint(float(float(x) / float(s)) + float(z));
  v = float(std::clamp(double(float(v / t)), r.lo, r.hi));
  v = float(applyRounding(v, mode));
  return f32(float(v - float(float(z) / t)) * float(out_s));
}

std::vector<Tensor> trunc(const OpCall &c) {
  requireFloats(c, 3);
  bool v2 = c.node.inputs.size() == 6;
  const Tensor &x = c.in(0), &s = c.in(1), &z = c.in(2);
  int64_t in_bits = bitWidth(c, 3, "input in_bitwidth");
  int64_t out_bits = bitWidth(c, v2 ? 5 : 4, "input out_bitwidth");
  RoundingMode mode = roundingMode(c, "FLOOR");
  const Tensor *out_s = v2 ? &c.in(4) : &s;
  if (v2)
    c.requireType(*out_s, {DType::Float}, "input out_scale");
  else if (c.node.attr("signed") || c.node.attr("narrow"))
    c.fail("attributes 'signed' and 'narrow' belong to Trunc with 6 inputs (version 2)");
  IntRange r =
      intRange(c.node.attrInt("signed", 1) != 0, c.node.attrInt("narrow", 0) != 0, out_bits, false);
  std::vector<Shape> shapes = {x.shape, s.shape, z.shape, out_s->shape};
  Tensor y = c.alloc(DType::Float, broadcastShapes(c, shapes));
  forEachBroadcast(y.shape, shapes, [&](int64_t o, const std::vector<int64_t> &off) {
    double xs = x.data[off[0]], sc = s.data[off[1]], zp = z.data[off[2]];
    y.data.set(o, v2 ? truncV2(xs, sc, zp, out_s->data[off[3]], r, mode)
                     : truncV1(xs, sc, zp, in_bits - out_bits, mode));
  });
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> intQuantOps() {
  std::vector<OpDef> ops;
  for (const std::string &domain : qonnxDomains()) {
    ops.push_back({{domain,
                    "Quant",
                    4,
                    4,
                    1,
                    {{"signed", K::Int}, {"narrow", K::Int}, {"rounding_mode", K::String}}},
                   quant});
    ops.push_back({{domain,
                    "Trunc",
                    5,
                    6,
                    1,
                    {{"signed", K::Int}, {"narrow", K::Int}, {"rounding_mode", K::String}}},
                   trunc});
  }
  return ops;
}

} // namespace bnnc::ir::detail
