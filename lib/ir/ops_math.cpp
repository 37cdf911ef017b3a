// Float math and variadic ops that exporters put in weight, shape and normalization subgraphs:
// Sqrt, Reciprocal, Exp, Log, Floor, Ceil, Round, Pow, Min, Max, Sum, Mean, and the logical
// And, Or, Xor. Each float result is computed in double from the float32 operands and rounded to
// float32 once (exact for Sqrt, Floor, Ceil, Round and Reciprocal's correctly rounded division).
#include "kernel.h"

#include <cmath>
#include <functional>

namespace bnnc::ir::detail {

namespace {

// y = f(x) on a float tensor.
template <class F> std::vector<Tensor> floatUnary(const OpCall &c, F f) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float}, "input X");
  Tensor y = c.alloc(DType::Float, x.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    y.data.set(i, f32(f(x.data[i])));
  return outputs(std::move(y));
}

std::vector<Tensor> sqrtOp(const OpCall &c) {
  return floatUnary(c, [](double x) { return std::sqrt(x); });
}
std::vector<Tensor> reciprocal(const OpCall &c) {
  return floatUnary(c, [](double x) { return 1.0 / x; });
}
std::vector<Tensor> expOp(const OpCall &c) {
  return floatUnary(c, [](double x) { return std::exp(x); });
}
std::vector<Tensor> logOp(const OpCall &c) {
  return floatUnary(c, [](double x) { return std::log(x); });
}
std::vector<Tensor> floorOp(const OpCall &c) {
  return floatUnary(c, [](double x) { return std::floor(x); });
}
std::vector<Tensor> ceilOp(const OpCall &c) {
  return floatUnary(c, [](double x) { return std::ceil(x); });
}
// ONNX Round rounds halves to even, as IEEE roundTiesToEven (the default mode of nearbyint).
std::vector<Tensor> roundOp(const OpCall &c) {
  return floatUnary(c, [](double x) { return std::nearbyint(x); });
}

// Pow(X, Y): the result has X's type; Y may be float or int64 (opset 12 on). An int64 result
// is the power truncated to an integer, as onnxruntime computes it.
std::vector<Tensor> pow(const OpCall &c) {
  const Tensor &x = c.in(0), &e = c.in(1);
  c.requireType(x, {DType::Float, DType::Int64}, "input X");
  c.requireType(e, {DType::Float, DType::Int64}, "input Y");
  Tensor y = c.alloc(x.dtype(), broadcastShapes(c, {x.shape, e.shape}));
  forEachBroadcast(y.shape, {x.shape, e.shape}, [&](int64_t o, const std::vector<int64_t> &off) {
    double v = std::pow(x.data[off[0]], e.data[off[1]]);
    y.data.set(o, x.dtype() == DType::Float ? f32(v) : std::trunc(v));
  });
  return outputs(std::move(y));
}

// Min, Max, Sum, Mean over one or more inputs of one type, broadcast together. Sum and Mean
// round every partial sum to float32 (a left fold, as a float32 runtime adds); integer inputs
// stay exact.
enum class Fold { Min, Max, Sum, Mean };

template <Fold F> std::vector<Tensor> variadic(const OpCall &c) {
  const Tensor &first = c.in(0);
  c.requireType(first, {DType::Float, DType::Int64}, "input 0");
  std::vector<Shape> shapes;
  for (size_t i = 0; i < c.node.inputs.size(); ++i) {
    if (c.in(i).dtype() != first.dtype())
      c.fail("input types differ: " + dtypeName(first.dtype()) + " and " +
             dtypeName(c.in(i).dtype()));
    shapes.push_back(c.in(i).shape);
  }
  bool fl = first.dtype() == DType::Float;
  if (F == Fold::Mean && !fl)
    c.fail("Mean takes float inputs only");
  Tensor y = c.alloc(first.dtype(), broadcastShapes(c, shapes));
  forEachBroadcast(y.shape, shapes, [&](int64_t o, const std::vector<int64_t> &off) {
    double acc = first.data[off[0]];
    for (size_t i = 1; i < shapes.size(); ++i) {
      double v = c.in(i).data[off[i]];
      acc = F == Fold::Min   ? std::fmin(acc, v)
            : F == Fold::Max ? std::fmax(acc, v)
                             : (fl ? f32(acc + v) : acc + v);
    }
    y.data.set(o, F == Fold::Mean ? f32(acc / double(shapes.size())) : acc);
  });
  return outputs(std::move(y));
}

// And, Or, Xor on bool tensors, broadcast.
template <class Op> std::vector<Tensor> logical(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  c.requireType(a, {DType::Bool}, "input A");
  c.requireType(b, {DType::Bool}, "input B");
  Tensor y = c.alloc(DType::Bool, broadcastShapes(c, {a.shape, b.shape}));
  forEachBroadcast(y.shape, {a.shape, b.shape}, [&](int64_t o, const std::vector<int64_t> &off) {
    y.data.set(o, Op()(a.data[off[0]] != 0, b.data[off[1]] != 0) ? 1.0 : 0.0);
  });
  return outputs(std::move(y));
}

OpDef def(const char *op, int lo, int hi, Kernel k) { return {{"", op, lo, hi, 1, {}}, k}; }

} // namespace

std::vector<OpDef> mathOps() {
  return {def("Sqrt", 1, 1, sqrtOp),
          def("Reciprocal", 1, 1, reciprocal),
          def("Exp", 1, 1, expOp),
          def("Log", 1, 1, logOp),
          def("Floor", 1, 1, floorOp),
          def("Ceil", 1, 1, ceilOp),
          def("Round", 1, 1, roundOp),
          def("Pow", 2, 2, pow),
          def("Min", 1, -1, variadic<Fold::Min>),
          def("Max", 1, -1, variadic<Fold::Max>),
          def("Sum", 1, -1, variadic<Fold::Sum>),
          def("Mean", 1, -1, variadic<Fold::Mean>),
          def("And", 2, 2, logical<std::logical_and<bool>>),
          def("Or", 2, 2, logical<std::logical_or<bool>>),
          def("Xor", 2, 2, logical<std::not_equal_to<bool>>)};
}

} // namespace bnnc::ir::detail
