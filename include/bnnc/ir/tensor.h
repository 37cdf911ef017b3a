// A dense tensor of the graph IR: a shape and its elements, stored at the width of the dtype
// (elements.h): float tensors hold float32 values (kernels compute in float32, or in double
// rounded to float32 once, and store the float32 result), int64 tensors hold int64 values, bool
// tensors hold one byte, 0 or 1, per element. The dtype is the elements' own.
#pragma once

#include "bnnc/ir/elements.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::ir {

using Shape = std::vector<int64_t>;

int64_t numel(const Shape &shape);
std::string shapeString(const Shape &shape); // "[1,28,28]"

struct Tensor {
  Shape shape;
  Elements data; // row-major (C order)

  Tensor() = default;
  Tensor(Shape s, Elements d) : shape(std::move(s)), data(std::move(d)) {}
  // `values` converted to the dtype (Elements::set).
  Tensor(DType t, Shape s, const std::vector<double> &values)
      : shape(std::move(s)), data(t, values) {}
  static Tensor scalar(double v, DType t = DType::Float) { return Tensor(t, {}, {v}); }
  DType dtype() const { return data.dtype(); }
  int64_t numel() const { return static_cast<int64_t>(data.size()); }
};

} // namespace bnnc::ir
