#include "kernel.h"

#include "bnnc/support/error.h"

#include <cmath>
#include <cstdio>

namespace bnnc::ir::detail {

// A required input that is absent (past the end or an empty name in the node) is a malformed
// model, reported like any other node error.
const Tensor &OpCall::in(size_t i) const {
  const Tensor *t = opt(i);
  if (!t)
    fail("missing required input " + std::to_string(i));
  return *t;
}

void OpCall::fail(const std::string &message) const {
  throw Error(graph.where(node) + ": error: " + message);
}

// Every kernel allocates its outputs here, so the size limit is checked in one place, before
// the allocation (a computed shape like Expand's can be arbitrarily large).
Tensor OpCall::alloc(DType dtype, Shape shape) const {
  for (int64_t d : shape)
    if (d < 0)
      fail("negative dimension in output shape " + shapeString(shape));
  int64_t n = numel(shape);
  if (n > kMaxTensorElements)
    fail("output shape " + shapeString(shape) + " has more than " +
         std::to_string(kMaxTensorElements) + " elements");
  // Each term is at most limit_ + kMaxTensorElements (runGraph stops past the limit): no
  // overflow.
  int64_t total = held_ + allocated_ + n;
  if (total > limit_)
    fail("output shape " + shapeString(shape) + " would bring the values computed for one " +
         "sample to " + std::to_string(total) + " elements, more than " + std::to_string(limit_));
  allocated_ += n;
  return Tensor(std::move(shape), Elements(dtype, size_t(n)));
}

void OpCall::checkWork(int64_t outputs, int64_t per_output, const std::string &unit) const {
  int64_t work = 0;
  if (__builtin_mul_overflow(outputs, per_output, &work) || work > kMaxNodeWork)
    fail(std::to_string(outputs) + " outputs of " + std::to_string(per_output) + " " + unit +
         " each are more than the limit of " + std::to_string(kMaxNodeWork) + " " + unit +
         " per node");
}

int64_t OpCall::axis(int64_t value, int64_t rank, const std::string &what) const {
  if (value < -rank || value >= rank)
    fail(what + " " + std::to_string(value) + " is out of range for rank " + std::to_string(rank));
  return value < 0 ? value + rank : value;
}

void OpCall::requireType(const Tensor &t, std::initializer_list<DType> allowed,
                         const std::string &what) const {
  for (DType d : allowed)
    if (t.dtype() == d)
      return;
  fail(what + " has unsupported type " + dtypeName(t.dtype()));
}

std::vector<int64_t> OpCall::intValues(const Tensor &t, const std::string &what) const {
  requireType(t, {DType::Int64}, what);
  const int64_t *p = t.data.as<int64_t>();
  return std::vector<int64_t>(p, p + t.numel());
}

Shape broadcastShapes(const OpCall &call, const std::vector<Shape> &shapes) {
  // Right-align all shapes; along each axis the sizes must agree or be 1.
  size_t rank = 0;
  for (const Shape &s : shapes)
    rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const Shape &s : shapes)
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t &o = out[rank - s.size() + i];
      if (s[i] == o || s[i] == 1)
        continue;
      if (o != 1) {
        std::string all;
        for (const Shape &t : shapes)
          all += (all.empty() ? "" : " and ") + shapeString(t);
        call.fail("shapes " + all + " cannot be broadcast");
      }
      o = s[i];
    }
  return out;
}

// stride[d] = product of shape[d+1..]; stride of the last dimension is 1.
std::vector<int64_t> stridesOf(const Shape &shape) {
  std::vector<int64_t> st(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;)
    st[d - 1] = st[d] * shape[d];
  return st;
}

// An input of lower rank is right-aligned: its dimension i is output dimension lead + i, and
// the leading output dimensions it lacks get stride 0 (the input repeats along them).
std::vector<int64_t> broadcastStrides(const Shape &in, const Shape &out) {
  std::vector<int64_t> own = stridesOf(in), st(out.size(), 0);
  size_t lead = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i)
    st[lead + i] = in[i] == 1 ? 0 : own[i];
  return st;
}

} // namespace bnnc::ir::detail
