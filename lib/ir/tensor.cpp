#include "bnnc/ir/tensor.h"

#include <limits>

namespace bnnc::ir {

int64_t numel(const Shape &shape) {
  // Saturates at INT64_MAX instead of overflowing, so that a huge declared shape is reported as
  // too large rather than wrapping around to a small (or negative) count.
  // A zero (or negative) dimension makes the tensor empty whatever comes before it: checked
  // first, so that [2^40, 2^40, 0] is 0 and not saturated.
  for (int64_t d : shape)
    if (d <= 0)
      return 0;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (n > std::numeric_limits<int64_t>::max() / d)
      return std::numeric_limits<int64_t>::max();
    n *= d;
  }
  return n;
}

// Shapes in messages: "[1,28,28]", "[]" for a scalar.
std::string shapeString(const Shape &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

} // namespace bnnc::ir
