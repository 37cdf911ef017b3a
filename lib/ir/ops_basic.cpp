// Ops that move values without arithmetic: Cast, Identity, Dropout (inference) and Constant.
#include "kernel.h"

#include <cmath>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// ONNX TensorProto.DataType codes that Cast may target.
enum OnnxType : int64_t {
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kBool = 9,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13
};

// Bits of the integer target type, 0 when the target is not an integer type.
int integerBits(int64_t to) {
  switch (to) {
  case kUint8:
  case kInt8:
    return 8;
  case kUint16:
  case kInt16:
    return 16;
  case kUint32:
  case kInt32:
    return 32;
  case kUint64:
  case kInt64:
    return 64;
  default:
    return 0;
  }
}

// float -> integer: truncate toward zero, NaN -> 0, saturate to the int64 range (C++ leaves
// these cases undefined); then keep the low `bits` bits, sign-extended for signed targets, which
// is the two's complement wrap-around onnxruntime shows for in-range conversions.
double toInteger(double x, int bits, bool is_signed) {
  if (std::isnan(x))
    return 0;
  double t = std::trunc(x);
  int64_t v = t >= 9.2233720368547758e18    ? INT64_MAX
              : t <= -9.2233720368547758e18 ? INT64_MIN
                                            : static_cast<int64_t>(t);
  if (bits == 64)
    return double(v);
  uint64_t mask = (uint64_t(1) << bits) - 1, low = uint64_t(v) & mask;
  if (is_signed && (low >> (bits - 1)))
    return double(int64_t(low) - int64_t(mask) - 1);
  return double(low);
}

// The IR dtype a Cast target maps to: all integer widths are held as int64 (values wrapped
// to the target's width by toInteger), FLOAT16 and BFLOAT16 are refused rather than rounded.
DType castTarget(const OpCall &c, int64_t to) {
  if (to == kFloat || to == kDouble)
    return DType::Float; // DOUBLE is held as float32 like FLOAT: the IR has one floating type
  if (to == kBool)
    return DType::Bool;
  if (integerBits(to))
    return DType::Int64;
  c.fail("Cast to data type " + std::to_string(to) + " is not supported");
}

// Cast: float -> float keeps the float32 value, anything -> bool is x != 0, float -> integer
// truncates and wraps, integer/bool -> float rounds to float32 (2^24 + 1 becomes 2^24).
std::vector<Tensor> cast(const OpCall &c) {
  const Tensor &x = c.in(0);
  const Attribute *to_attr = c.node.attr("to");
  if (!to_attr)
    c.fail("missing required attribute 'to'");
  int64_t to = to_attr->i;
  int bits = integerBits(to);
  bool is_signed = to == kInt8 || to == kInt16 || to == kInt32 || to == kInt64;
  DType out = castTarget(c, to);
  Tensor y = c.alloc(out, x.shape);
  for (size_t i = 0; i < x.data.size(); ++i) {
    double v = x.data[i];
    y.data[i] = out == DType::Float  ? f32(v)
                : out == DType::Bool ? (v != 0 ? 1.0 : 0.0)
                                     : toInteger(v, bits, is_signed);
  }
  return {y};
}

std::vector<Tensor> identity(const OpCall &c) { return {c.in(0)}; }

// Dropout at inference passes its input through; the optional mask output is all true.
std::vector<Tensor> dropout(const OpCall &c) {
  if (c.opset() < 7 && c.node.attrInt("is_test", 0) == 0)
    c.fail("is_test=0 (training) is not supported, only inference");
  if (const Tensor *mode = c.opt(2); mode && !mode->data.empty() && mode->data[0] != 0)
    c.fail("training_mode=1 is not supported, only inference");
  std::vector<Tensor> out = {c.in(0)};
  if (c.wantsOutput(1)) {
    Tensor mask = c.alloc(DType::Bool, out[0].shape);
    std::fill(mask.data.begin(), mask.data.end(), 1.0);
    out.push_back(std::move(mask));
  }
  return out;
}

// A Constant's value_float(s)/value_int(s): a scalar or a 1-D tensor, floats rounded to float32.
Tensor floatsTensor(const std::vector<double> &v, bool scalar, DType t) {
  std::vector<double> d;
  for (double x : v)
    d.push_back(t == DType::Float ? f32(x) : x);
  return Tensor(t, scalar ? Shape{} : Shape{int64_t(v.size())}, d);
}

// Constant: exactly one of value, value_float, value_floats, value_int, value_ints (the
// schema check already refused value_string and sparse_value).
std::vector<Tensor> constant(const OpCall &c) {
  if (c.node.attrs.size() != 1)
    c.fail("Constant needs exactly one value attribute, got " +
           std::to_string(c.node.attrs.size()));
  const auto &[key, a] = *c.node.attrs.begin();
  if (key == "value")
    return {a.t};
  if (key == "value_float")
    return {floatsTensor({a.f}, true, DType::Float)};
  if (key == "value_floats")
    return {floatsTensor(a.floats, false, DType::Float)};
  std::vector<double> ints(a.ints.begin(), a.ints.end());
  if (key == "value_int")
    return {floatsTensor({double(a.i)}, true, DType::Int64)};
  return {floatsTensor(ints, false, DType::Int64)}; // value_ints
}

} // namespace

std::vector<OpDef> basicOps() {
  return {{{"", "Cast", 1, 1, 1, {{"to", K::Int}}}, cast},
          {{"", "Identity", 1, 1, 1, {}, true}, identity},
          {{"", "Dropout", 1, 3, 2, {{"ratio", K::Float}, {"seed", K::Int}, {"is_test", K::Int}}},
           dropout},
          {{"",
            "Constant",
            0,
            0,
            1,
            {{"value", K::Tensor},
             {"value_float", K::Float},
             {"value_floats", K::Floats},
             {"value_int", K::Int},
             {"value_ints", K::Ints}}},
           constant}};
}

} // namespace bnnc::ir::detail
