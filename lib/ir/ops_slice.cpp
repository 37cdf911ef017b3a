// Ops that select or repeat along axes: Slice, Tile, and Range (which builds a sequence).
#include "kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// One sliced axis: out positions i read input index start + i * step.
struct SliceAxis {
  int64_t start = 0, step = 1, count = 0;
};

// ONNX Slice clamping: negative start/end count from the end; then for step > 0 both clamp to
// [0, dim], for step < 0 start clamps to [0, dim - 1] and end to [-1, dim - 1]. The count is
// ceil((end - start) / step), at least 0.
SliceAxis sliceAxis(int64_t dim, int64_t start, int64_t end, int64_t step) {
  if (dim == 0)
    return {0, step, 0};
  auto resolve = [dim](int64_t v) { return v < 0 ? v + dim : v; };
  start = resolve(start);
  end = resolve(end);
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
  }
  int64_t span = end - start;
  int64_t count = step > 0 ? (span + step - 1) / step : (span + step + 1) / step;
  return {start, step, std::max<int64_t>(count, 0)};
}

// The starts/ends/axes/steps of a Slice: inputs from opset 10 on, attributes before.
std::vector<std::vector<int64_t>> sliceArgs(const OpCall &c) {
  if (c.opset() < 10) {
    const Attribute *s = c.node.attr("starts"), *e = c.node.attr("ends");
    if (!s || !e)
      c.fail("missing required attribute 'starts' or 'ends'");
    return {s->ints, e->ints, c.node.attrInts("axes", {}), {}};
  }
  std::vector<std::vector<int64_t>> args;
  for (size_t i = 1; i <= 4; ++i) {
    const Tensor *t = c.opt(i);
    const char *names[] = {"", "starts", "ends", "axes", "steps"};
    args.push_back(t ? c.intValues(*t, std::string("input ") + names[i]) : std::vector<int64_t>{});
  }
  if (c.opt(1) == nullptr || c.opt(2) == nullptr)
    c.fail("missing required input starts or ends");
  return args;
}

std::vector<Tensor> slice(const OpCall &c) {
  const Tensor &x = c.in(0);
  auto args = sliceArgs(c);
  const std::vector<int64_t> &starts = args[0], &ends = args[1];
  std::vector<int64_t> axes = args[2], steps = args[3];
  int64_t rank = int64_t(x.shape.size());
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(int64_t(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    c.fail("starts, ends, axes and steps must have the same length");
  std::vector<SliceAxis> plan(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d)
    plan[size_t(d)] = {0, 1, x.shape[size_t(d)]};
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t a = c.axis(axes[i], rank);
    if (seen[size_t(a)])
      c.fail("axis " + std::to_string(axes[i]) + " is given twice");
    if (steps[i] == 0)
      c.fail("a step must not be 0");
    seen[size_t(a)] = true;
    plan[size_t(a)] = sliceAxis(x.shape[size_t(a)], starts[i], ends[i], steps[i]);
  }
  Shape out;
  for (const SliceAxis &p : plan)
    out.push_back(p.count);
  Tensor y = c.alloc(x.dtype(), out);
  std::vector<int64_t> strides = stridesOf(x.shape);
  gatherByIndex(x, y, [&](const std::vector<int64_t> &idx) {
    int64_t off = 0;
    for (int64_t d = 0; d < rank; ++d)
      off += (plan[size_t(d)].start + idx[size_t(d)] * plan[size_t(d)].step) * strides[size_t(d)];
    return off;
  });
  return outputs(std::move(y));
}

// Tile: output dimension d is input dimension d times repeats[d]; out[i] = x[i mod dim].
std::vector<Tensor> tile(const OpCall &c) {
  const Tensor &x = c.in(0);
  std::vector<int64_t> reps = c.intValues(c.in(1), "input repeats");
  if (reps.size() != x.shape.size())
    c.fail("repeats has " + std::to_string(reps.size()) + " values for an input of rank " +
           std::to_string(x.shape.size()));
  Shape out;
  for (size_t d = 0; d < reps.size(); ++d) {
    if (reps[d] < 0)
      c.fail("repeats must not be negative, got " + std::to_string(reps[d]));
    if (reps[d] > 0 && x.shape[d] > kMaxTensorElements / reps[d])
      c.fail("repeats " + shapeString(reps) + " make a tensor too large");
    out.push_back(x.shape[d] * reps[d]);
  }
  Tensor y = c.alloc(x.dtype(), out);
  std::vector<int64_t> strides = stridesOf(x.shape);
  gatherByIndex(x, y, [&](const std::vector<int64_t> &idx) {
    int64_t off = 0;
    for (size_t d = 0; d < out.size(); ++d)
      off += (idx[d] % x.shape[d]) * strides[d];
    return off;
  });
  return outputs(std::move(y));
}

// Range(start, limit, delta): max(ceil((limit - start) / delta), 0) values start + i * delta.
std::vector<Tensor> range(const OpCall &c) {
  const Tensor &s = c.in(0), &l = c.in(1), &d = c.in(2);
  for (const Tensor *t : {&s, &l, &d}) {
    c.requireType(*t, {DType::Float, DType::Int64}, "every input");
    if (t->numel() != 1 || t->dtype() != s.dtype())
      c.fail("start, limit and delta must be scalars of one type");
  }
  double start = s.data[0], delta = d.data[0];
  if (delta == 0)
    c.fail("delta must not be 0");
  double n = std::ceil((l.data[0] - start) / delta);
  if (!(n <= double(kMaxTensorElements)))
    c.fail("the range has more than " + std::to_string(kMaxTensorElements) + " values");
  Tensor y = c.alloc(s.dtype(), {std::max<int64_t>(int64_t(n), 0)});
  for (size_t i = 0; i < y.data.size(); ++i)
    y.data.set(i, start + double(i) * delta); // rounded to float32, or an integer already
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> sliceOps() {
  return {
      {{"", "Slice", 1, 5, 1, {{"starts", K::Ints}, {"ends", K::Ints}, {"axes", K::Ints}}}, slice},
      {{"", "Tile", 2, 2, 1, {}}, tile},
      {{"", "Range", 3, 3, 1, {}}, range}};
}

} // namespace bnnc::ir::detail
