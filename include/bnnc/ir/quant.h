// The integer quantization of QONNX's Quant and Trunc ops, shared by the interpreter's kernels
// and the passes that lower those ops (the range of levels an activation quantizer produces).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::ir {

// The domains QONNX's custom ops (Quant, BipolarQuant, Trunc, MultiThreshold,
// XnorPopcountMatMul) are written in: QONNX's and FINN's, Brevitas' own "onnx.brevitas", the old
// FINN "finn", and none at all (the QONNX model zoo's first exports). Every one is registered
// under all of them.
const std::vector<std::string> &qonnxDomains();
bool isQonnxDomain(const std::string &domain);

// The integers a quantizer of `bits` bits produces (QONNX's min_int and max_int):
//   signed:   [-2^(bits-1), 2^(bits-1) - 1], the low end raised by 1 when narrow;
//   unsigned: [0, 2^bits - 1], the high end lowered by 1 when narrow.
// A signed 1-bit quantizer is bipolar, {-1, +1}, narrow or not (QONNX's rule).
struct IntRange {
  double lo = 0, hi = 0;
  bool bipolar = false;
  int64_t levels() const { return bipolar ? 2 : int64_t(hi - lo) + 1; }
};
// `bipolar_rule` false gives the plain integer range (Trunc has no bipolar rule).
IntRange intRange(bool is_signed, bool narrow, int64_t bits, bool bipolar_rule = true);

// QONNX's rounding modes (resolve_rounding_mode): ROUND and HALF_EVEN round halves to even,
// CEIL, FLOOR, UP (away from zero), DOWN (toward zero), HALF_UP (halves away from zero),
// HALF_DOWN (halves toward zero).
enum class RoundingMode { HalfEven, Ceil, Floor, Up, Down, HalfUp, HalfDown };
std::optional<RoundingMode> parseRoundingMode(const std::string &name); // case-insensitive
// Rounds a float32 value the way QONNX's numpy code does, in float32.
float applyRounding(float v, RoundingMode mode);

// One element of Quant(x, scale, zeropt, bits) in float32 (see ops_intquant.cpp); a bipolar
// range gives (x / scale + zeropt >= 0 ? 1 : -1), then the same rescaling.
double quantValue(double x, double scale, double zeropt, IntRange range, RoundingMode mode);

} // namespace bnnc::ir
