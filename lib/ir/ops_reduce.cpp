// Reductions along axes: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ArgMax,
// ArgMin and TopK. Float sums and products are accumulated in double and rounded to float32 once,
// like the dot products of MatMul.
#include "kernel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// The reduced axes: ReduceSum reads them from input 1 from opset 13 on, every other reduction
// from the `axes` attribute (opsets up to 17). None given: all axes, unless
// noop_with_empty_axes = 1 (then the input passes unchanged: an empty result).
std::vector<bool> reducedAxes(const OpCall &c, int64_t rank) {
  std::vector<int64_t> axes;
  bool from_input = c.node.op == "ReduceSum" && c.opset() >= 13;
  if (from_input && c.node.attr("axes"))
    c.fail("axes is an input of ReduceSum from opset 13 on, not an attribute");
  if (from_input && c.opt(1))
    axes = c.intValues(*c.opt(1), "input axes");
  else if (!from_input)
    axes = c.node.attrInts("axes", {});
  std::vector<bool> reduced(size_t(rank), axes.empty());
  if (axes.empty() && c.node.attrInt("noop_with_empty_axes", 0))
    return std::vector<bool>(size_t(rank), false);
  for (int64_t a : axes)
    reduced[size_t(c.axis(a, rank))] = true;
  return reduced;
}

// Visits every input element with the offset of the output element it reduces into.
template <class F> void forEachReduced(const Shape &in, const std::vector<bool> &reduced, F f) {
  Shape kept = in;
  for (size_t d = 0; d < in.size(); ++d)
    if (reduced[d])
      kept[d] = 1;
  std::vector<int64_t> ostrides = stridesOf(kept), idx(in.size(), 0);
  int64_t total = numel(in);
  for (int64_t i = 0; i < total; ++i) {
    int64_t o = 0;
    for (size_t d = 0; d < in.size(); ++d)
      o += reduced[d] ? 0 : idx[d] * ostrides[d];
    f(i, o);
    for (size_t d = in.size(); d-- > 0;)
      if (++idx[d] < in[d])
        break;
      else
        idx[d] = 0;
  }
}

Shape reducedShape(const Shape &in, const std::vector<bool> &reduced, bool keepdims) {
  Shape out;
  for (size_t d = 0; d < in.size(); ++d)
    if (!reduced[d])
      out.push_back(in[d]);
    else if (keepdims)
      out.push_back(1);
  return out;
}

enum class Reduce { Sum, Mean, Max, Min, Prod };

template <Reduce R> std::vector<Tensor> reduce(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float, DType::Int64}, "input data");
  std::vector<bool> reduced = reducedAxes(c, int64_t(x.shape.size()));
  bool keep = c.node.attrInt("keepdims", 1) != 0;
  Tensor y = c.alloc(x.dtype(), reducedShape(x.shape, reduced, keep));
  double init = R == Reduce::Max ? -INFINITY : R == Reduce::Min ? INFINITY : R == Reduce::Prod;
  std::vector<double> acc(y.data.size(), init);
  forEachReduced(x.shape, reduced, [&](int64_t i, int64_t o) {
    double v = x.data[size_t(i)], &a = acc[size_t(o)];
    a = R == Reduce::Max    ? std::max(a, v)
        : R == Reduce::Min  ? std::min(a, v)
        : R == Reduce::Prod ? a * v
                            : a + v;
  });
  int64_t count = y.numel() ? x.numel() / y.numel() : 0;
  for (size_t o = 0; o < acc.size(); ++o)
    y.data.set(o, R == Reduce::Mean ? acc[o] / double(count) : acc[o]); // rounded to float32
  return outputs(std::move(y));
}

// ArgMax / ArgMin along `axis`: the first extreme index, or the last with select_last_index.
template <bool Max> std::vector<Tensor> argExtreme(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float, DType::Int64}, "input data");
  int64_t rank = int64_t(x.shape.size());
  int64_t axis = c.axis(c.node.attrInt("axis", 0), rank);
  bool last = c.node.attrInt("select_last_index", 0) != 0;
  std::vector<bool> reduced(size_t(rank), false);
  reduced[size_t(axis)] = true;
  Tensor y = c.alloc(DType::Int64, reducedShape(x.shape, reduced, c.node.attrInt("keepdims", 1)));
  std::vector<double> best(y.data.size(), Max ? -INFINITY : INFINITY);
  std::vector<bool> set(y.data.size(), false);
  int64_t inner = numel(Shape(x.shape.begin() + axis + 1, x.shape.end()));
  forEachReduced(x.shape, reduced, [&](int64_t i, int64_t o) {
    double v = x.data[size_t(i)];
    bool better = Max ? v > best[size_t(o)] : v < best[size_t(o)];
    if (!set[size_t(o)] || better || (last && v == best[size_t(o)])) {
      best[size_t(o)] = v, set[size_t(o)] = true;
      y.data.set(size_t(o), double((i / inner) % x.shape[size_t(axis)]));
    }
  });
  return outputs(std::move(y));
}

// TopK: the k largest (or smallest) values along `axis` and their indices, best first; equal
// values keep their index order (the lower index first).
std::vector<Tensor> topK(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float, DType::Int64}, "input X");
  int64_t k = c.opset() < 10 ? c.node.attrInt("k", -1) : -1;
  if (c.opset() >= 10) {
    std::vector<int64_t> kv = c.intValues(c.in(1), "input K");
    if (kv.size() != 1)
      c.fail("K must hold one value, got " + std::to_string(kv.size()));
    k = kv[0];
  }
  int64_t rank = int64_t(x.shape.size());
  int64_t axis = c.axis(c.node.attrInt("axis", -1), rank), dim = x.shape[size_t(axis)];
  if (k < 0 || k > dim)
    c.fail("k = " + std::to_string(k) + " is outside [0, " + std::to_string(dim) + "]");
  bool largest = c.node.attrInt("largest", 1) != 0;
  Shape out = x.shape;
  out[size_t(axis)] = k;
  Tensor values = c.alloc(x.dtype(), out), indices = c.alloc(DType::Int64, out);
  int64_t inner = numel(Shape(x.shape.begin() + axis + 1, x.shape.end()));
  int64_t outer = numel(Shape(x.shape.begin(), x.shape.begin() + axis));
  std::vector<int64_t> order(static_cast<size_t>(dim));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      auto at = [&](int64_t i) { return x.data[size_t((o * dim + i) * inner + j)]; };
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return largest ? at(a) > at(b) : at(a) < at(b);
      });
      for (int64_t r = 0; r < k; ++r) {
        size_t dst = size_t((o * k + r) * inner + j);
        values.data.set(dst, at(order[size_t(r)]));
        indices.data.set(dst, double(order[size_t(r)]));
      }
    }
  return outputs(std::move(values), std::move(indices));
}

const std::vector<AttrSpec> kReduceAttrs = {
    {"axes", K::Ints}, {"keepdims", K::Int}, {"noop_with_empty_axes", K::Int}};
const std::vector<AttrSpec> kArgAttrs = {
    {"axis", K::Int}, {"keepdims", K::Int}, {"select_last_index", K::Int}};

} // namespace

std::vector<OpDef> reduceOps() {
  return {{{"", "ReduceSum", 1, 2, 1, kReduceAttrs}, reduce<Reduce::Sum>},
          {{"", "ReduceMean", 1, 1, 1, kReduceAttrs}, reduce<Reduce::Mean>},
          {{"", "ReduceMax", 1, 1, 1, kReduceAttrs}, reduce<Reduce::Max>},
          {{"", "ReduceMin", 1, 1, 1, kReduceAttrs}, reduce<Reduce::Min>},
          {{"", "ReduceProd", 1, 1, 1, kReduceAttrs}, reduce<Reduce::Prod>},
          {{"", "ArgMax", 1, 1, 1, kArgAttrs}, argExtreme<true>},
          {{"", "ArgMin", 1, 1, 1, kArgAttrs}, argExtreme<false>},
          {{"",
            "TopK",
            1,
            2,
            2,
            {{"k", K::Int}, {"axis", K::Int}, {"largest", K::Int}, {"sorted", K::Int}}},
           topK}};
}

} // namespace bnnc::ir::detail
