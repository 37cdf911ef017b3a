// A dense tensor of the graph IR. Every element is held as a double; float tensors hold values
// that are exactly representable in float32 (kernels compute in float32 and store the result),
// int64 tensors hold integers (exact up to 2^53, far beyond any shape), bool tensors hold 0 or 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::ir {

enum class DType { Float, Int64, Bool };

std::string dtypeName(DType t);

using Shape = std::vector<int64_t>;

int64_t numel(const Shape &shape);
std::string shapeString(const Shape &shape); // "[1,28,28]"

struct Tensor {
  DType dtype = DType::Float;
  Shape shape;
  std::vector<double> data; // row-major (C order)

  Tensor() = default;
  Tensor(DType t, Shape s, std::vector<double> d)
      : dtype(t), shape(std::move(s)), data(std::move(d)) {}
  static Tensor scalar(double v, DType t = DType::Float) { return Tensor(t, {}, {v}); }
  int64_t numel() const { return static_cast<int64_t>(data.size()); }
};

} // namespace bnnc::ir
