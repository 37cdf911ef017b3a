// BatchNormalization, Clip, Softmax and LogSoftmax with hand-computed values.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::test {
namespace {

using ir::Shape;

std::vector<std::optional<ir::Tensor>> bnInputs() {
  // Channel 0: x = [1, 3]; channel 1: x = [2, -2]. eps 0.25 makes var + eps = [4, 1].
  return {floats({1, 2, 1, 2}, {1, 3, 2, -2}), floats({2}, {2, -1}), floats({2}, {0.5, 1}),
          floats({2}, {1, 0}), floats({2}, {3.75, 0.75})};
}

TEST(BatchNorm, NegativeGammaFlipsTheChannel) {
  // ch0: a = 2 / 2 = 1, b = 0.5 - 1 * 1 = -0.5  -> [0.5, 2.5]
  // ch1: a = -1 / 1 = -1, b = 1 - 0 * a = 1      -> [-1, 3]
  ir::Tensor y =
      eval1(makeNode("BatchNormalization", 5, {{"epsilon", attrFloat(0.25)}}), bnInputs());
  EXPECT_EQ(y.shape, (Shape{1, 2, 1, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{0.5, 2.5, -1, 3}));
}

TEST(BatchNorm, DefaultEpsilonOnRank2) {
  ir::Tensor y = eval1(makeNode("BatchNormalization", 5),
                       {floats({1, 1}, {3}), floats({1}, {1}), floats({1}, {0}), floats({1}, {1}),
                        floats({1}, {4})});
  float expected =
      (1.0f / std::sqrt(4.0f + 1e-5f)) * 3.0f + (0.0f - 1.0f / std::sqrt(4.0f + 1e-5f));
  EXPECT_EQ(y.data[0], double(expected));
  EXPECT_NEAR(y.data[0], 1.0, 1e-5);
}

TEST(BatchNorm, Errors) {
  EXPECT_EQ(
      evalError(makeNode("BatchNormalization", 5, {{"epsilon", attrFloat(-1e-5)}}), bnInputs()),
      "t.onnx: node 'n' (BatchNormalization, #3): error: epsilon must be positive, got "
      "-1e-05");
  EXPECT_EQ(evalError(makeNode("BatchNormalization", 5, {{"epsilon", attrFloat(0)}}), bnInputs()),
            "t.onnx: node 'n' (BatchNormalization, #3): error: epsilon must be positive, got 0");
  EXPECT_EQ(
      evalError(makeNode("BatchNormalization", 5, {{"training_mode", attrInt(1)}}), bnInputs()),
      "t.onnx: node 'n' (BatchNormalization, #3): error: training_mode=1 is not supported, "
      "only inference");
  EXPECT_EQ(evalError(makeNode("BatchNormalization", 5, {}, "", 3), bnInputs()),
            "t.onnx: node 'n' (BatchNormalization, #3): error: output 1 ('out1') exists only in "
            "training mode, which is not supported");
}

TEST(Clip, AttributeFormBeforeOpset11) {
  ir::Tensor x = floats({4}, {-2, -0.5, 0.5, 2});
  ir::Node n = makeNode("Clip", 1, {{"min", attrFloat(-1)}, {"max", attrFloat(1)}});
  EXPECT_EQ(eval1(n, {x}, 9).data.toDoubles(), (std::vector<double>{-1, -0.5, 0.5, 1}));
  EXPECT_EQ(eval1(makeNode("Clip", 1, {{"max", attrFloat(0)}}), {x}, 9).data.toDoubles(),
            (std::vector<double>{-2, -0.5, 0, 0}));
  EXPECT_EQ(evalError(makeNode("Clip", 2), {x, floats({}, {0})}, 9),
            "t.onnx: node 'n' (Clip, #3): error: min is an attribute before opset 11, not an "
            "input (model opset 9)");
}

TEST(Clip, InputFormFromOpset11) {
  ir::Tensor x = floats({4}, {-2, -0.5, 0.5, 2});
  EXPECT_EQ(eval1(makeNode("Clip", 3), {x, floats({}, {-1}), floats({}, {1})}, 11).data.toDoubles(),
            (std::vector<double>{-1, -0.5, 0.5, 1}));
  // min absent (empty input name): only the upper bound applies
  EXPECT_EQ(eval1(makeNode("Clip", 3), {x, std::nullopt, floats({}, {1})}, 13).data.toDoubles(),
            (std::vector<double>{-2, -0.5, 0.5, 1}));
  EXPECT_EQ(eval1(makeNode("Clip", 1), {x}, 13).data, x.data);
  EXPECT_EQ(
      eval1(makeNode("Clip", 2), {ints({3}, {-5, 0, 5}), ints({}, {-1})}, 13).data.toDoubles(),
      (std::vector<double>{-1, 0, 5}));
  EXPECT_EQ(evalError(makeNode("Clip", 1, {{"min", attrFloat(0)}}), {x}, 11),
            "t.onnx: node 'n' (Clip, #3): error: min is an input from opset 11 on, not an "
            "attribute (model opset 11)");
}

TEST(Softmax, Opset11CoercesTo2DOpset13UsesOneAxis) {
  ir::Tensor x = floats({1, 2, 2}, {0, 0, 0, 0});
  // opset 11, axis 1: [1, 2*2] rows, so each of the 4 values gets 1/4
  EXPECT_EQ(eval1(makeNode("Softmax", 1), {x}, 11).data.toDoubles(),
            (std::vector<double>{.25, .25, .25, .25}));
  // opset 13, axis -1: pairs along the last axis, 1/2 each
  EXPECT_EQ(eval1(makeNode("Softmax", 1), {x}, 13).data.toDoubles(),
            (std::vector<double>{.5, .5, .5, .5}));
  // opset 13, axis 1 on [1,2,2]: columns (x[0][0][j], x[0][1][j])
  ir::Tensor c = floats({1, 2, 2}, {0, 1, std::log(3.0), 1});
  ir::Tensor y = eval1(makeNode("Softmax", 1, {{"axis", attrInt(1)}}), {c}, 13);
  EXPECT_NEAR(y.data[0], 0.25, 1e-7);
  EXPECT_NEAR(y.data[2], 0.75, 1e-7);
  EXPECT_EQ(y.data[1], 0.5);
  EXPECT_EQ(y.data[3], 0.5);
}

TEST(Softmax, LogSoftmax) {
  ir::Tensor y = eval1(makeNode("LogSoftmax", 1), {floats({1, 4}, {0, 0, 0, 0})}, 13);
  for (double v : y.data.toDoubles())
    EXPECT_EQ(v, double(float(std::log(0.25))));
  ir::Tensor z = eval1(makeNode("LogSoftmax", 1), {floats({1, 2}, {1000, 0})}, 9);
  EXPECT_EQ(z.data[0], 0); // no overflow: the maximum is subtracted first
  EXPECT_EQ(z.data[1], -1000);
}

} // namespace
} // namespace bnnc::test
