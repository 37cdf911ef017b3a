// Cast, Identity, Dropout and Constant.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::DType;
using ir::Shape;

ir::Node castTo(int64_t to) { return makeNode("Cast", 1, {{"to", attrInt(to)}}); }

TEST(Cast, FloatToIntegersTruncatesAndWraps) {
  ir::Tensor x = floats({5}, {-1.7, 2.9, 200, -129, 0.5});
  ir::Tensor i64 = eval1(castTo(7), {x});
  EXPECT_EQ(i64.dtype(), DType::Int64);
  EXPECT_EQ(i64.data.toDoubles(), (std::vector<double>{-1, 2, 200, -129, 0}));
  // INT8: 200 wraps to 200 - 256 = -56, -129 to 127.
  EXPECT_EQ(eval1(castTo(3), {x}).data.toDoubles(), (std::vector<double>{-1, 2, -56, 127, 0}));
  // UINT8: -1 -> 255, -129 -> 127.
  EXPECT_EQ(eval1(castTo(2), {x}).data.toDoubles(), (std::vector<double>{255, 2, 200, 127, 0}));
}

TEST(Cast, ToBoolAndFloat) {
  ir::Tensor b = eval1(castTo(9), {floats({3}, {0, -0.5, 2})});
  EXPECT_EQ(b.dtype(), DType::Bool);
  EXPECT_EQ(b.data.toDoubles(), (std::vector<double>{0, 1, 1}));
  ir::Tensor f = eval1(castTo(1), {ints({2}, {16777217, -3})});
  EXPECT_EQ(f.dtype(), DType::Float);
  EXPECT_EQ(f.data.toDoubles(), (std::vector<double>{16777216, -3})); // 2^24 + 1 rounds in float32
  EXPECT_EQ(eval1(castTo(11), {bools({2}, {1, 0})}).data.toDoubles(), (std::vector<double>{1, 0}));
}

TEST(Cast, UnsupportedTarget) {
  EXPECT_EQ(evalError(castTo(8), {floats({1}, {1})}),
            "t.onnx: node 'n' (Cast, #3): error: Cast to data type 8 is not supported");
  EXPECT_EQ(evalError(makeNode("Cast", 1), {floats({1}, {1})}),
            "t.onnx: node 'n' (Cast, #3): error: missing required attribute 'to'");
}

TEST(Dropout, IsIdentityWithAllTrueMask) {
  ir::Tensor x = floats({2}, {1.5, -2});
  std::vector<ir::Tensor> out = eval(makeNode("Dropout", 1, {}, "", 2), {x});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].data, x.data);
  EXPECT_EQ(out[1].dtype(), DType::Bool);
  EXPECT_EQ(out[1].data.toDoubles(), (std::vector<double>{1, 1}));
  EXPECT_EQ(eval1(makeNode("Identity", 1), {x}).data, x.data);
}

TEST(Dropout, TrainingModeIsAnError) {
  EXPECT_EQ(
      evalError(makeNode("Dropout", 3), {floats({1}, {1}), floats({}, {0.5}), bools({}, {1})}),
      "t.onnx: node 'n' (Dropout, #3): error: training_mode=1 is not supported, only "
      "inference");
  EXPECT_EQ(eval1(makeNode("Dropout", 3), {floats({1}, {1}), std::nullopt, bools({}, {0})})
                .data.toDoubles(),
            (std::vector<double>{1}));
}

TEST(Constant, AllValueForms) {
  ir::Tensor t = ints({2}, {4, 5});
  EXPECT_EQ(eval1(makeNode("Constant", 0, {{"value", attrTensor(t)}}), {}).data, t.data);
  ir::Tensor f = eval1(makeNode("Constant", 0, {{"value_float", attrFloat(0.1)}}), {});
  EXPECT_EQ(f.shape, Shape{});
  EXPECT_EQ(f.data[0], double(0.1f));
  ir::Tensor is = eval1(makeNode("Constant", 0, {{"value_ints", attrInts({1, -1})}}), {});
  EXPECT_EQ(is.dtype(), DType::Int64);
  EXPECT_EQ(is.shape, Shape{2});
  EXPECT_EQ(is.data.toDoubles(), (std::vector<double>{1, -1}));
  ir::Tensor i = eval1(makeNode("Constant", 0, {{"value_int", attrInt(7)}}), {});
  EXPECT_EQ(i.shape, Shape{});
  EXPECT_EQ(i.data.toDoubles(), (std::vector<double>{7}));
}

} // namespace
} // namespace bnnc::test
