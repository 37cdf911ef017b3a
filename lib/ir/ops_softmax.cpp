// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2-D at `axis` (default 1) and
// normalized over each row of [d0*...*d(axis-1), d(axis)*...*d(n-1)]; from opset 13 on it is
// normalized along `axis` alone (default -1).
#include "kernel.h"

#include <cmath>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// The input as [outer, len, inner], normalized along len.
struct Rows {
  int64_t outer, len, inner;
};

Rows softmaxRows(const OpCall &c, const Shape &s) {
  int64_t rank = int64_t(s.size());
  bool coerce = c.opset() < 13;
  int64_t axis = c.axis(c.node.attrInt("axis", coerce ? 1 : -1), std::max<int64_t>(rank, 1));
  int64_t outer = numel(Shape(s.begin(), s.begin() + std::min(axis, rank)));
  if (coerce)
    return {outer, numel(Shape(s.begin() + std::min(axis, rank), s.end())), 1};
  return {outer, rank ? s[axis] : 1, numel(Shape(s.begin() + std::min(axis + 1, rank), s.end()))};
}

// Subtracting the maximum keeps exp in range: softmax(x) = exp(x - m) / sum exp(x - m) and
// log softmax(x) = (x - m) - log(sum exp(x - m)). Computed in double, rounded to float32 once.
template <bool Log> std::vector<Tensor> softmax(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float}, "input");
  Rows r = softmaxRows(c, x.shape);
  Tensor y = c.alloc(DType::Float, x.shape);
  for (int64_t o = 0; o < r.outer; ++o)
    for (int64_t i = 0; i < r.inner; ++i) {
      const float *src = x.data.as<float>() + o * r.len * r.inner + i;
      float *dst = y.data.as<float>() + o * r.len * r.inner + i;
      double m = -INFINITY, sum = 0;
      for (int64_t k = 0; k < r.len; ++k)
        m = std::max(m, double(src[k * r.inner]));
      for (int64_t k = 0; k < r.len; ++k)
        sum += std::exp(src[k * r.inner] - m);
      for (int64_t k = 0; k < r.len; ++k) {
        double v = src[k * r.inner] - m;
        dst[k * r.inner] = float(Log ? v - std::log(sum) : std::exp(v) / sum);
      }
    }
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> softmaxOps() {
  return {{{"", "Softmax", 1, 1, 1, {{"axis", K::Int}}}, softmax<false>},
          {{"", "LogSoftmax", 1, 1, 1, {{"axis", K::Int}}}, softmax<true>}};
}

} // namespace bnnc::ir::detail
