// Ops that move values without arithmetic: Cast, Identity, Dropout (inference) and Constant.
#include "kernel.h"

#include <algorithm>
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

// -> integer: an int64 as it is, a float truncated toward zero, NaN -> 0, saturated to the int64
// range (C++ leaves these cases undefined: toInt64); then keep the low `bits` bits,
// sign-extended for signed targets, which is the two's complement wrap-around onnxruntime shows
// for in-range conversions.
int64_t toInteger(int64_t v, int bits, bool is_signed) {
  if (bits == 64)
    return v;
  uint64_t mask = (uint64_t(1) << bits) - 1, low = uint64_t(v) & mask;
  if (is_signed && (low >> (bits - 1)))
    return int64_t(low) - int64_t(mask) - 1;
  return int64_t(low);
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
  if (out != DType::Int64) { // Elements::set rounds to float32, or tests v != 0
    for (int64_t i = 0; i < x.numel(); ++i)
      y.data.set(size_t(i), x.data[size_t(i)]);
    return outputs(std::move(y));
  }
  int64_t *yv = y.data.as<int64_t>();
  for (int64_t i = 0; i < x.numel(); ++i) {
    int64_t v = x.dtype() == DType::Int64 ? x.data.as<int64_t>()[i] : toInt64(x.data[size_t(i)]);
    yv[i] = toInteger(v, bits, is_signed);
  }
  return outputs(std::move(y));
}

std::vector<Tensor> identity(const OpCall &c) { return outputs(c.in(0)); }

// Dropout at inference passes its input through; the optional mask output is all true.
std::vector<Tensor> dropout(const OpCall &c) {
  if (c.opset() < 7 && c.node.attrInt("is_test", 0) == 0)
    c.fail("is_test=0 (training) is not supported, only inference");
  if (const Tensor *mode = c.opt(2); mode && !mode->data.empty() && mode->data[0] != 0)
    c.fail("training_mode=1 is not supported, only inference");
  std::vector<Tensor> out = outputs(c.in(0));
  if (c.wantsOutput(1)) {
    Tensor mask = c.alloc(DType::Bool, out[0].shape);
    std::fill_n(mask.data.as<uint8_t>(), mask.numel(), uint8_t(1));
    out.push_back(std::move(mask));
  }
  return out;
}

// A Constant's value_float(s): a scalar or a 1-D tensor, rounded to float32.
Tensor floatsTensor(const std::vector<double> &v, bool scalar) {
  return Tensor(DType::Float, scalar ? Shape{} : Shape{int64_t(v.size())}, v);
}

// Constant: exactly one of value, value_float, value_floats, value_int, value_ints (the
// schema check already refused value_string and sparse_value).
std::vector<Tensor> constant(const OpCall &c) {
  if (c.node.attrs.size() != 1)
    c.fail("Constant needs exactly one value attribute, got " +
           std::to_string(c.node.attrs.size()));
  const auto &[key, a] = *c.node.attrs.begin();
  if (key == "value")
    return outputs(a.t);
  if (key == "value_float")
    return outputs(floatsTensor({a.f}, true));
  if (key == "value_floats")
    return outputs(floatsTensor(a.floats, false));
  if (key == "value_int")
    return outputs(Tensor({}, Elements(std::vector<int64_t>{a.i})));
  return outputs(Tensor({int64_t(a.ints.size())}, Elements(a.ints))); // value_ints
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
