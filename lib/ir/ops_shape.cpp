// Ops that compute or change shapes: Shape, ConstantOfShape, Expand, Reshape, Flatten, Squeeze,
// Unsqueeze. Shape tensors are int64.
#include "kernel.h"

#include <algorithm>
#include <optional>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// A shape as the 1-D int64 tensor that Shape produces and Reshape/Expand consume.
Tensor shapeTensor(const Shape &s) { return Tensor({int64_t(s.size())}, Elements(s)); }

// The same elements under another shape: row-major order makes every reshape a relabelling.
Tensor reshaped(const Tensor &x, Shape shape) {
  Tensor y = x;
  y.shape = std::move(shape);
  return y;
}

// Shape with optional start/end (opset 15): negative values count from the end, then both are
// clamped to [0, rank].
std::vector<Tensor> shapeOp(const OpCall &c) {
  const Shape &s = c.in(0).shape;
  int64_t rank = int64_t(s.size());
  auto clampIndex = [&](int64_t v) { return std::clamp(v < 0 ? v + rank : v, int64_t(0), rank); };
  int64_t start = clampIndex(c.node.attrInt("start", 0));
  int64_t end = clampIndex(c.node.attrInt("end", rank));
  return outputs(shapeTensor(Shape(s.begin() + start, s.begin() + std::max(start, end))));
}

// ConstantOfShape: a tensor of the given shape filled with `value` (default float 0), whose
// dtype the output takes.
std::vector<Tensor> constantOfShape(const OpCall &c) {
  Shape shape = c.intValues(c.in(0), "input shape");
  Tensor fill = Tensor::scalar(0.0);
  if (const Attribute *v = c.node.attr("value")) {
    if (v->t.numel() != 1)
      c.fail("value must have one element, got " + std::to_string(v->t.numel()));
    fill = v->t;
  }
  Tensor y = c.alloc(fill.dtype(), shape);
  withStorageType(y.dtype(), [&](auto tag) {
    using T = decltype(tag);
    std::fill_n(y.data.as<T>(), y.numel(), fill.data.as<T>()[0]);
  });
  return outputs(std::move(y));
}

// Expand: the output shape is the bidirectional broadcast of the input's and the given shape.
std::vector<Tensor> expand(const OpCall &c) {
  const Tensor &x = c.in(0);
  Shape target = c.intValues(c.in(1), "input shape");
  Tensor y = c.alloc(x.dtype(), broadcastShapes(c, {x.shape, target}));
  withStorageType(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *xv = x.data.as<T>();
    T *yv = y.data.as<T>();
    forEachBroadcast(y.shape, {x.shape},
                     [&](int64_t o, const std::vector<int64_t> &off) { yv[o] = xv[off[0]]; });
  });
  return outputs(std::move(y));
}

// Reshape: 0 copies the input's dimension at the same index (unless allowzero=1, where 0 is a
// real zero), -1 is inferred so that the element count is unchanged.
std::vector<Tensor> reshape(const OpCall &c) {
  const Tensor &x = c.in(0);
  Shape shape = c.intValues(c.in(1), "input shape");
  bool allowzero = c.node.attrInt("allowzero", 0) != 0;
  int64_t infer = -1, known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 0 && !allowzero) {
      if (i >= x.shape.size())
        c.fail("shape " + shapeString(shape) + " copies dimension " + std::to_string(i) +
               " of input shape " + shapeString(x.shape) + ", which does not exist");
      shape[i] = x.shape[i];
    }
    if (shape[i] == -1) {
      if (infer >= 0 || allowzero)
        c.fail("shape " + shapeString(shape) + " has more than one -1 or mixes -1 and allowzero");
      infer = int64_t(i);
    } else if (shape[i] < 0) {
      c.fail("invalid dimension " + std::to_string(shape[i]) + " in shape " + shapeString(shape));
    } else {
      known *= shape[i];
    }
  }
  if (infer >= 0 && known > 0 && x.numel() % known == 0)
    shape[infer] = x.numel() / known;
  if (numel(shape) != x.numel() || (infer >= 0 && known == 0))
    c.fail("cannot reshape " + shapeString(x.shape) + " to " + shapeString(shape));
  return outputs(reshaped(x, shape));
}

// Flatten: [d0 * ... * d(axis-1), d(axis) * ... * d(n-1)], axis in [-rank, rank].
std::vector<Tensor> flatten(const OpCall &c) {
  const Tensor &x = c.in(0);
  int64_t rank = int64_t(x.shape.size());
  int64_t axis = c.node.attrInt("axis", 1);
  axis = axis == rank ? rank : c.axis(axis, rank);
  int64_t outer = numel(Shape(x.shape.begin(), x.shape.begin() + axis));
  int64_t inner = numel(Shape(x.shape.begin() + axis, x.shape.end()));
  return outputs(reshaped(x, {outer, inner}));
}

// Squeeze/Unsqueeze take `axes` as an attribute before opset 13 and as an input from 13 on.
std::optional<std::vector<int64_t>> axesOperand(const OpCall &c) {
  if (c.opset() >= 13) {
    if (c.node.attr("axes"))
      c.fail("axes is an input from opset 13 on, not an attribute (model opset " +
             std::to_string(c.opset()) + ")");
    const Tensor *t = c.opt(1);
    return t ? std::optional(c.intValues(*t, "input axes")) : std::nullopt;
  }
  if (c.opt(1))
    c.fail("axes is an attribute before opset 13, not an input (model opset " +
           std::to_string(c.opset()) + ")");
  const Attribute *a = c.node.attr("axes");
  return a ? std::optional(a->ints) : std::nullopt;
}

// Squeeze: drops the listed axes (each must have size 1), or every size-1 axis when none
// are given.
std::vector<Tensor> squeeze(const OpCall &c) {
  const Tensor &x = c.in(0);
  int64_t rank = int64_t(x.shape.size());
  std::vector<bool> drop(rank, false);
  if (auto axes = axesOperand(c)) {
    for (int64_t a : *axes) {
      int64_t i = c.axis(a, rank);
      if (x.shape[i] != 1)
        c.fail("cannot squeeze axis " + std::to_string(a) + " of shape " + shapeString(x.shape) +
               ", its size is not 1");
      drop[i] = true;
    }
  } else {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = x.shape[i] == 1;
  }
  Shape out;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      out.push_back(x.shape[i]);
  return outputs(reshaped(x, out));
}

// Unsqueeze: axes index the output, whose rank is rank(x) + len(axes).
std::vector<Tensor> unsqueeze(const OpCall &c) {
  const Tensor &x = c.in(0);
  auto axes = axesOperand(c);
  if (!axes)
    c.fail("missing axes");
  int64_t rank = int64_t(x.shape.size() + axes->size());
  std::vector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    int64_t i = c.axis(a, rank);
    if (inserted[i])
      c.fail("axis " + std::to_string(a) + " is given twice");
    inserted[i] = true;
  }
  Shape out;
  auto next = x.shape.begin();
  for (int64_t i = 0; i < rank; ++i)
    out.push_back(inserted[i] ? 1 : *next++);
  return outputs(reshaped(x, out));
}

} // namespace

std::vector<OpDef> shapeOps() {
  return {{{"", "Shape", 1, 1, 1, {{"start", K::Int}, {"end", K::Int}}}, shapeOp},
          {{"", "ConstantOfShape", 1, 1, 1, {{"value", K::Tensor}}}, constantOfShape},
          {{"", "Expand", 2, 2, 1, {}}, expand},
          {{"", "Reshape", 2, 2, 1, {{"allowzero", K::Int}}, true}, reshape},
          {{"", "Flatten", 1, 1, 1, {{"axis", K::Int}}, true}, flatten},
          {{"", "Squeeze", 1, 2, 1, {{"axes", K::Ints}}, true}, squeeze},
          {{"", "Unsqueeze", 1, 2, 1, {{"axes", K::Ints}}, true}, unsqueeze}};
}

} // namespace bnnc::ir::detail
