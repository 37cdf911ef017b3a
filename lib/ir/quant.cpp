// QONNX integer quantization arithmetic (include/bnnc/ir/quant.h), in float32 step by step as
// QONNX's numpy executor computes it on float32 arrays.
#include "bnnc/ir/quant.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace bnnc::ir {

const std::vector<std::string> &qonnxDomains() {
  static const std::vector<std::string> domains = {
      "qonnx.custom_op.general", "finn.custom_op.general", "onnx.brevitas", "finn", ""};
  return domains;
}

bool isQonnxDomain(const std::string &domain) {
  const std::vector<std::string> &all = qonnxDomains();
  return std::find(all.begin(), all.end(), domain) != all.end();
}

IntRange intRange(bool is_signed, bool narrow, int64_t bits, bool bipolar_rule) {
  double half = std::ldexp(1.0, int(bits - 1)), full = std::ldexp(1.0, int(bits));
  if (is_signed && bits == 1 && bipolar_rule)
    return {-1, 1, true};
  if (is_signed)
    return {-half + (narrow ? 1 : 0), half - 1, false};
  return {0, full - 1 - (narrow ? 1 : 0), false};
}

std::optional<RoundingMode> parseRoundingMode(const std::string &name) {
  std::string up = name;
  std::transform(up.begin(), up.end(), up.begin(),
                 [](unsigned char ch) { return std::toupper(ch); });
  if (up == "ROUND" || up == "HALF_EVEN")
    return RoundingMode::HalfEven;
  if (up == "CEIL")
    return RoundingMode::Ceil;
  if (up == "FLOOR")
    return RoundingMode::Floor;
  if (up == "UP")
    return RoundingMode::Up;
  if (up == "DOWN")
    return RoundingMode::Down;
  if (up == "HALF_UP")
    return RoundingMode::HalfUp;
  if (up == "HALF_DOWN")
    return RoundingMode::HalfDown;
  return std::nullopt;
}

// UP, HALF_UP and HALF_DOWN are sign(x) * f(|x|) in QONNX; |x| +- 0.5 is a float32 sum there.
float applyRounding(float v, RoundingMode mode) {
  float sign = v > 0 ? 1.0f : v < 0 ? -1.0f : 0.0f, mag = std::fabs(v);
  switch (mode) {
  case RoundingMode::HalfEven:
    return std::nearbyint(v);
  case RoundingMode::Ceil:
    return std::ceil(v);
  case RoundingMode::Floor:
    return std::floor(v);
  case RoundingMode::Up:
    return sign * std::ceil(mag);
  case RoundingMode::Down:
    return std::trunc(v);
  case RoundingMode::HalfUp:
    return sign * std::floor(float(mag + 0.5f));
  case RoundingMode::HalfDown:
    return sign * std::ceil(float(mag - 0.5f));
  }
  return v;
}

double quantValue(double x, double scale, double zeropt, IntRange range, RoundingMode mode) {
  float z = float(zeropt), v = float(float(x) / float(scale)) + z;
  if (range.bipolar)
    v = v >= 0 ? 1.0f : -1.0f;
  else
    v = applyRounding(float(std::clamp(double(v), range.lo, range.hi)), mode);
  return double(float(v - z) * float(scale));
}

} // namespace bnnc::ir
