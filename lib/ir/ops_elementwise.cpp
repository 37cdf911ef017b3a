// Elementwise ops with multidirectional broadcasting: arithmetic, comparisons, Where and the
// unary ops. Float inputs are computed in float32, int64 inputs in int64 with two's complement
// wrap-around, each on its own storage type.
#include "kernel.h"

#include <cmath>
#include <functional>

namespace bnnc::ir::detail {

namespace {

// y = f(a, b) elementwise over the broadcast of both shapes, read as In and stored as Out.
template <class In, class Out, class F>
Tensor mapBinary(const OpCall &c, const Tensor &a, const Tensor &b, DType out, F f) {
  Tensor y = c.alloc(out, broadcastShapes(c, {a.shape, b.shape}));
  const In *av = a.data.as<In>(), *bv = b.data.as<In>();
  Out *yv = y.data.as<Out>();
  forEachBroadcast(y.shape, {a.shape, b.shape}, [&](int64_t o, const std::vector<int64_t> &off) {
    yv[o] = f(av[off[0]], bv[off[1]]);
  });
  return y;
}

// ONNX binary ops take one type T for both operands; mixing them is a malformed model.
void requireSameType(const OpCall &c, const Tensor &a, const Tensor &b) {
  if (a.dtype() != b.dtype())
    c.fail("input types differ: " + dtypeName(a.dtype()) + " and " + dtypeName(b.dtype()));
}

// Wrap-around int64 arithmetic, done in uint64 where signed overflow would be undefined.
int64_t wrap(uint64_t v) { return static_cast<int64_t>(v); }

struct AddOp {
  static float f(float a, float b) { return a + b; }
  static int64_t i(const OpCall &, int64_t a, int64_t b) { return wrap(uint64_t(a) + uint64_t(b)); }
};
struct SubOp {
  static float f(float a, float b) { return a - b; }
  static int64_t i(const OpCall &, int64_t a, int64_t b) { return wrap(uint64_t(a) - uint64_t(b)); }
};
struct MulOp {
  static float f(float a, float b) { return a * b; }
  static int64_t i(const OpCall &, int64_t a, int64_t b) { return wrap(uint64_t(a) * uint64_t(b)); }
};
struct DivOp {
  static float f(float a, float b) { return a / b; }
  // Integer Div truncates toward zero, as onnxruntime's C++ division does.
  static int64_t i(const OpCall &c, int64_t a, int64_t b) {
    if (b == 0)
      c.fail("integer division by zero");
    return b == -1 ? wrap(0 - uint64_t(a)) : a / b;
  }
};

// Add/Sub/Mul/Div on float (float32 arithmetic) or int64 (wrap-around).
template <class Op> std::vector<Tensor> arithmetic(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  c.requireType(a, {DType::Float, DType::Int64}, "input A");
  requireSameType(c, a, b);
  if (a.dtype() == DType::Float)
    return outputs(mapBinary<float, float>(c, a, b, DType::Float, Op::f));
  return outputs(mapBinary<int64_t, int64_t>(c, a, b, DType::Int64,
                                             [&](int64_t x, int64_t y) { return Op::i(c, x, y); }));
}

// Comparisons in the operands' own type (Equal also takes bools).
template <class Cmp> std::vector<Tensor> compare(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  requireSameType(c, a, b);
  if (c.node.op != "Equal")
    c.requireType(a, {DType::Float, DType::Int64}, "input A");
  return outputs(withStorageType(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    return mapBinary<T, uint8_t>(c, a, b, DType::Bool, [](T x, T y) { return Cmp()(x, y); });
  }));
}

// Where(cond, X, Y): X where cond is true, else Y, with all three broadcast together.
std::vector<Tensor> where(const OpCall &c) {
  const Tensor &cond = c.in(0), &x = c.in(1), &y = c.in(2);
  c.requireType(cond, {DType::Bool}, "condition");
  requireSameType(c, x, y);
  std::vector<Shape> shapes = {cond.shape, x.shape, y.shape};
  Tensor out = c.alloc(x.dtype(), broadcastShapes(c, shapes));
  withStorageType(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const uint8_t *cv = cond.data.as<uint8_t>();
    const T *xv = x.data.as<T>(), *yv = y.data.as<T>();
    T *ov = out.data.as<T>();
    forEachBroadcast(out.shape, shapes, [&](int64_t o, const std::vector<int64_t> &off) {
      ov[o] = cv[off[0]] ? xv[off[1]] : yv[off[2]];
    });
  });
  return outputs(std::move(out));
}

// The sign-like unary ops, exact on float32 and on int64 values; -INT64_MIN wraps to itself as
// in C++ two's complement.
float negated(float x) { return -x; }
int64_t negated(int64_t x) { return wrap(0 - uint64_t(x)); }
float absolute(float x) { return std::fabs(x); }
int64_t absolute(int64_t x) { return x < 0 ? negated(x) : x; }

// y = f(x) on a float or int64 tensor, in its own type.
template <class F> std::vector<Tensor> unary(const OpCall &c, F f) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float, DType::Int64}, "input X");
  Tensor y = c.alloc(x.dtype(), x.shape);
  withNumberType(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *xv = x.data.as<T>();
    T *yv = y.data.as<T>();
    for (int64_t i = 0; i < x.numel(); ++i)
      yv[i] = f(xv[i]);
  });
  return outputs(std::move(y));
}

std::vector<Tensor> neg(const OpCall &c) {
  return unary(c, [](auto x) { return negated(x); });
}
std::vector<Tensor> absOp(const OpCall &c) {
  return unary(c, [](auto x) { return absolute(x); });
}
std::vector<Tensor> relu(const OpCall &c) {
  return unary(c, [](auto x) { return x > 0 ? x : decltype(x)(0); });
}
// ONNX Sign: -1, 0 or +1; Sign(0) = 0 (unlike the binarizers, which map 0 to +1).
std::vector<Tensor> sign(const OpCall &c) {
  return unary(c, [](auto x) { return decltype(x)((x > 0) - (x < 0)); });
}

// Not: logical negation of a bool tensor.
std::vector<Tensor> notOp(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Bool}, "input X");
  Tensor y = c.alloc(DType::Bool, x.shape);
  const uint8_t *xv = x.data.as<uint8_t>();
  uint8_t *yv = y.data.as<uint8_t>();
  for (int64_t i = 0; i < x.numel(); ++i)
    yv[i] = !xv[i];
  return outputs(std::move(y));
}

// Elementwise ops take no attributes and produce one output.
OpDef def(const char *op, int inputs, Kernel k) { return {{"", op, inputs, inputs, 1, {}}, k}; }

} // namespace

std::vector<OpDef> elementwiseOps() {
  return {def("Add", 2, arithmetic<AddOp>),
          def("Sub", 2, arithmetic<SubOp>),
          def("Mul", 2, arithmetic<MulOp>),
          def("Div", 2, arithmetic<DivOp>),
          def("Greater", 2, compare<std::greater<>>),
          def("GreaterOrEqual", 2, compare<std::greater_equal<>>),
          def("Less", 2, compare<std::less<>>),
          def("LessOrEqual", 2, compare<std::less_equal<>>),
          def("Equal", 2, compare<std::equal_to<>>),
          def("Where", 3, where),
          def("Neg", 1, neg),
          def("Abs", 1, absOp),
          def("Relu", 1, relu),
          def("Sign", 1, sign),
          def("Not", 1, notOp)};
}

} // namespace bnnc::ir::detail
