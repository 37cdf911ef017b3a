// Ops that rearrange elements: Concat, Gather, Transpose.
#include "kernel.h"

#include <algorithm>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// Concat along `axis`: view every input as [outer, d_axis * inner] and append the rows.
std::vector<Tensor> concat(const OpCall &c) {
  const Tensor &first = c.in(0);
  const Attribute *axis_attr = c.node.attr("axis");
  if (!axis_attr)
    c.fail("missing required attribute 'axis'");
  int64_t rank = int64_t(first.shape.size());
  int64_t axis = c.axis(axis_attr->i, rank);
  Shape out_shape = first.shape;
  out_shape[axis] = 0;
  for (size_t i = 0; i < c.node.inputs.size(); ++i) {
    const Tensor &t = c.in(i);
    Shape a = t.shape, b = first.shape;
    if (int64_t(a.size()) == rank)
      a[axis] = b[axis] = 0;
    if (a != b || t.dtype() != first.dtype())
      c.fail("Concat inputs " + shapeString(first.shape) + " (" + dtypeName(first.dtype()) +
             ") and " + shapeString(t.shape) + " (" + dtypeName(t.dtype()) +
             ") differ outside axis " + std::to_string(axis));
    out_shape[axis] += t.shape[axis];
  }
  // Each input contributes a block of d_axis(input) * inner elements per outer index.
  Tensor y = c.alloc(first.dtype(), out_shape);
  int64_t outer = numel(Shape(out_shape.begin(), out_shape.begin() + axis));
  withStorageType(y.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T *dst = y.data.as<T>();
    for (int64_t o = 0; o < outer; ++o)
      for (size_t i = 0; i < c.node.inputs.size(); ++i) {
        const Tensor &t = c.in(i);
        int64_t row = outer ? t.numel() / outer : 0;
        dst = std::copy_n(t.data.as<T>() + o * row, row, dst);
      }
  });
  return outputs(std::move(y));
}

// Gather: out[a..., i..., b...] = data[a..., indices[i...], b...]; negative indices count from
// the end of the axis.
std::vector<Tensor> gather(const OpCall &c) {
  const Tensor &data = c.in(0);
  std::vector<int64_t> idx = c.intValues(c.in(1), "input indices");
  int64_t rank = int64_t(data.shape.size());
  if (rank == 0)
    c.fail("Gather data must have rank >= 1");
  int64_t axis = c.axis(c.node.attrInt("axis", 0), rank);
  int64_t dim = data.shape[axis];
  Shape out_shape(data.shape.begin(), data.shape.begin() + axis);
  out_shape.insert(out_shape.end(), c.in(1).shape.begin(), c.in(1).shape.end());
  out_shape.insert(out_shape.end(), data.shape.begin() + axis + 1, data.shape.end());
  // data viewed as [outer, dim, inner]: each index copies one contiguous row of `inner` values.
  int64_t outer = numel(Shape(data.shape.begin(), data.shape.begin() + axis));
  int64_t inner = numel(Shape(data.shape.begin() + axis + 1, data.shape.end()));
  Tensor y = c.alloc(data.dtype(), out_shape);
  withStorageType(y.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T *dst = y.data.as<T>();
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : idx) {
        if (i < -dim || i >= dim)
          c.fail("index " + std::to_string(i) + " is out of range for axis " +
                 std::to_string(axis) + " of size " + std::to_string(dim));
        int64_t k = i < 0 ? i + dim : i;
        dst = std::copy_n(data.data.as<T>() + (o * dim + k) * inner, inner, dst);
      }
  });
  return outputs(std::move(y));
}

// Transpose: out dimension i is input dimension perm[i] (default: reversed).
std::vector<Tensor> transpose(const OpCall &c) {
  const Tensor &x = c.in(0);
  int64_t rank = int64_t(x.shape.size());
  std::vector<int64_t> perm(rank);
  for (int64_t i = 0; i < rank; ++i)
    perm[i] = rank - 1 - i;
  perm = c.node.attrInts("perm", perm);
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < std::max(rank, int64_t(sorted.size())); ++i)
    if (sorted.size() != size_t(rank) || sorted[i] != i)
      c.fail("perm " + shapeString(perm) + " is not a permutation of rank " + std::to_string(rank));
  // Output dimension i walks input dimension perm[i], so it advances by that dimension's stride.
  Shape out_shape;
  std::vector<int64_t> in_strides = stridesOf(x.shape), strides;
  for (int64_t p : perm) {
    out_shape.push_back(x.shape[p]);
    strides.push_back(in_strides[p]);
  }
  Tensor y = c.alloc(x.dtype(), out_shape);
  // Walk the output in order; the input offset follows the permuted strides (odometer).
  withStorageType(y.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = x.data.as<T>();
    T *dst = y.data.as<T>();
    std::vector<int64_t> counter(rank, 0);
    int64_t off = 0;
    for (int64_t o = 0; o < y.numel(); ++o) {
      dst[o] = src[off];
      for (int64_t d = rank; d-- > 0;) {
        off += strides[d];
        if (++counter[d] < out_shape[d])
          break;
        off -= strides[d] * out_shape[d];
        counter[d] = 0;
      }
    }
  });
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> layoutOps() {
  return {{{"", "Concat", 1, -1, 1, {{"axis", K::Int}}}, concat},
          {{"", "Gather", 2, 2, 1, {{"axis", K::Int}}}, gather},
          {{"", "Transpose", 1, 1, 1, {{"perm", K::Ints}}, true}, transpose}};
}

} // namespace bnnc::ir::detail
