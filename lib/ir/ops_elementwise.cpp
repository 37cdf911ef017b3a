// Elementwise ops with multidirectional broadcasting: arithmetic, comparisons, Where and the
// unary ops. Float inputs are computed in float32 (operands are float32 values already; the
// result is rounded by f32), int64 inputs in int64 with two's complement wrap-around.
#include "kernel.h"

#include <cmath>
#include <functional>

namespace bnnc::ir::detail {

namespace {

// y = f(a, b) elementwise over the broadcast of both shapes.
template <class F>
Tensor mapBinary(const OpCall &c, const Tensor &a, const Tensor &b, DType out, F f) {
  Tensor y = c.alloc(out, broadcastShapes(c, {a.shape, b.shape}));
  forEachBroadcast(y.shape, {a.shape, b.shape}, [&](int64_t o, const std::vector<int64_t> &off) {
    y.data[o] = f(a.data[off[0]], b.data[off[1]]);
  });
  return y;
}

// ONNX binary ops take one type T for both operands; mixing them is a malformed model.
void requireSameType(const OpCall &c, const Tensor &a, const Tensor &b) {
  if (a.dtype != b.dtype)
    c.fail("input types differ: " + dtypeName(a.dtype) + " and " + dtypeName(b.dtype));
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

// Add/Sub/Mul/Div on float (float32 arithmetic, rounded by f32) or int64 (wrap-around).
template <class Op> std::vector<Tensor> arithmetic(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  c.requireType(a, {DType::Float, DType::Int64}, "input A");
  requireSameType(c, a, b);
  if (a.dtype == DType::Float)
    return {mapBinary(c, a, b, DType::Float,
                      [](double x, double y) { return f32(Op::f(float(x), float(y))); })};
  return {mapBinary(c, a, b, DType::Int64,
                    [&](double x, double y) { return double(Op::i(c, int64_t(x), int64_t(y))); })};
}

// Comparisons: both operands are exact in double (float32 or int64 values), so comparing the
// doubles equals comparing in the source type.
template <class Cmp> std::vector<Tensor> compare(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  requireSameType(c, a, b);
  if (c.node.op != "Equal")
    c.requireType(a, {DType::Float, DType::Int64}, "input A");
  return {
      mapBinary(c, a, b, DType::Bool, [](double x, double y) { return Cmp()(x, y) ? 1.0 : 0.0; })};
}

// Where(cond, X, Y): X where cond is true, else Y, with all three broadcast together.
std::vector<Tensor> where(const OpCall &c) {
  const Tensor &cond = c.in(0), &x = c.in(1), &y = c.in(2);
  c.requireType(cond, {DType::Bool}, "condition");
  requireSameType(c, x, y);
  std::vector<Shape> shapes = {cond.shape, x.shape, y.shape};
  Tensor out = c.alloc(x.dtype, broadcastShapes(c, shapes));
  forEachBroadcast(out.shape, shapes, [&](int64_t o, const std::vector<int64_t> &off) {
    out.data[o] = cond.data[off[0]] != 0 ? x.data[off[1]] : y.data[off[2]];
  });
  return {out};
}

// y = f(x) for the sign-like unary ops. They are exact on float32 values (no rounding needed)
// and on int64 values except -INT64_MIN, which wraps as in C++ two's complement.
template <class F> std::vector<Tensor> unary(const OpCall &c, F f) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float, DType::Int64}, "input X");
  Tensor y = c.alloc(x.dtype, x.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    y.data[i] = f(x.data[i]);
  if (x.dtype == DType::Int64) // -INT64_MIN wraps to itself in int64
    for (double &v : y.data)
      v = v >= 9223372036854775808.0 ? -9223372036854775808.0 : v;
  return {y};
}

std::vector<Tensor> neg(const OpCall &c) {
  return unary(c, [](double x) { return -x; });
}
std::vector<Tensor> absOp(const OpCall &c) {
  return unary(c, [](double x) { return std::fabs(x); });
}
std::vector<Tensor> relu(const OpCall &c) {
  return unary(c, [](double x) { return x > 0 ? x : 0.0; });
}
// ONNX Sign: -1, 0 or +1; Sign(0) = 0 (unlike the binarizers, which map 0 to +1).
std::vector<Tensor> sign(const OpCall &c) {
  return unary(c, [](double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; });
}

// Not: logical negation of a bool tensor.
std::vector<Tensor> notOp(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Bool}, "input X");
  Tensor y = c.alloc(DType::Bool, x.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    y.data[i] = x.data[i] != 0 ? 0.0 : 1.0;
  return {y};
}

// Elementwise ops take no attributes and produce one output.
OpDef def(const char *op, int inputs, Kernel k) { return {{"", op, inputs, inputs, 1, {}}, k}; }

} // namespace

std::vector<OpDef> elementwiseOps() {
  return {def("Add", 2, arithmetic<AddOp>),
          def("Sub", 2, arithmetic<SubOp>),
          def("Mul", 2, arithmetic<MulOp>),
          def("Div", 2, arithmetic<DivOp>),
          def("Greater", 2, compare<std::greater<double>>),
          def("GreaterOrEqual", 2, compare<std::greater_equal<double>>),
          def("Less", 2, compare<std::less<double>>),
          def("LessOrEqual", 2, compare<std::less_equal<double>>),
          def("Equal", 2, compare<std::equal_to<double>>),
          def("Where", 3, where),
          def("Neg", 1, neg),
          def("Abs", 1, absOp),
          def("Relu", 1, relu),
          def("Sign", 1, sign),
          def("Not", 1, notOp)};
}

} // namespace bnnc::ir::detail
