#include "bnnc/ir/elements.h"

#include <cmath>

namespace bnnc::ir {

std::string dtypeName(DType t) {
  switch (t) {
  case DType::Float:
    return "float";
  case DType::Int64:
    return "int64";
  case DType::Bool:
    return "bool";
  }
  return "?";
}

// 2^63 is exact in double: every double at or above it, or at or below -2^63, is out of range.
int64_t toInt64(double v) {
  if (std::isnan(v))
    return 0;
  if (v >= 9223372036854775808.0)
    return INT64_MAX;
  if (v <= -9223372036854775808.0)
    return INT64_MIN;
  return static_cast<int64_t>(v);
}

Elements::Elements(DType dtype, size_t n) {
  switch (dtype) {
  case DType::Float:
    storage_ = std::vector<float>(n);
    break;
  case DType::Int64:
    storage_ = std::vector<int64_t>(n);
    break;
  case DType::Bool:
    storage_ = std::vector<uint8_t>(n);
  }
}

Elements::Elements(DType dtype, const std::vector<double> &values)
    : Elements(dtype, values.size()) {
  for (size_t i = 0; i < values.size(); ++i)
    set(i, values[i]);
}

Elements::Elements(std::vector<uint8_t> v) {
  for (uint8_t &b : v)
    b = b != 0;
  storage_ = std::move(v);
}

size_t Elements::size() const {
  return std::visit([](const auto &v) { return v.size(); }, storage_);
}

size_t Elements::elementBytes() const {
  return std::visit([](const auto &v) { return sizeof(v[0]); }, storage_);
}

size_t Elements::capacityBytes() const {
  return std::visit([](const auto &v) { return v.capacity() * sizeof(v[0]); }, storage_);
}

std::vector<double> Elements::toDoubles() const {
  std::vector<double> out(size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = (*this)[i];
  return out;
}

} // namespace bnnc::ir
