// QONNX BipolarQuant, Quant and Trunc, FINN MultiThreshold and XnorPopcountMatMul, with the
// semantics of QONNX's executor, by hand.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

#include <optional>

namespace bnnc::test {
namespace {

using ir::Shape;

const char *kQonnx = "qonnx.custom_op.general";
const char *kFinn = "finn.custom_op.general";

TEST(BipolarQuant, ZeroMapsToPlusScale) {
  ir::Tensor y = eval1(makeNode("BipolarQuant", 2, {}, kQonnx),
                       {floats({4}, {-1, 0, 2.5, -0.0}), floats({}, {0.5})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{-0.5, 0.5, 0.5, 0.5}));
  // per-row scale broadcast; the Brevitas domain is accepted too
  ir::Tensor z = eval1(makeNode("BipolarQuant", 2, {}, "onnx.brevitas"),
                       {floats({2, 2}, {1, -1, -3, 0}), floats({2, 1}, {1, 2})});
  EXPECT_EQ(z.data.toDoubles(), (std::vector<double>{1, -1, -2, 2}));
}

TEST(MultiThreshold, PerChannelThresholdsWithScaleAndBias) {
  // NCHW input [1,2,1,3]. ch0 thresholds [0, 1]: x [-1, 0, 1.5] -> counts [0, 1, 2];
  // ch1 thresholds [-1, 5]: x [-1, 4, 5] -> counts [1, 1, 2]; y = 2 * count - 1.
  ir::Node n = makeNode(
      "MultiThreshold", 2,
      {{"out_scale", attrFloat(2)}, {"out_bias", attrFloat(-1)}, {"out_dtype", attrString("INT2")}},
      kFinn);
  ir::Tensor y =
      eval1(n, {floats({1, 2, 1, 3}, {-1, 0, 1.5, -1, 4, 5}), floats({2, 2}, {0, 1, -1, 5})});
  EXPECT_EQ(y.shape, (Shape{1, 2, 1, 3}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{-1, 1, 3, 1, 1, 3}));
}

TEST(MultiThreshold, Rank3InputHasChannelsLast) {
  // QONNX treats a 3-D input as [..., C]: here C = 2 with thresholds 0 and 10.
  ir::Tensor y = eval1(makeNode("MultiThreshold", 2, {}, kFinn),
                       {floats({1, 3, 2}, {1, 1, -1, 11, 0, 10}), floats({2, 1}, {0, 10})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{1, 0, 0, 1, 1, 1}));
}

TEST(MultiThreshold, SharedRowIsBipolarSign) {
  ir::Node n = makeNode("MultiThreshold", 2,
                        {{"out_scale", attrFloat(2)}, {"out_bias", attrFloat(-1)}}, kFinn);
  ir::Tensor y = eval1(n, {floats({1, 3}, {-0.5, 0, 7}), floats({1, 1}, {0})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{-1, 1, 1}));
  ir::Tensor d = eval1(makeNode("MultiThreshold", 2, {}, kFinn),
                       {floats({1, 2}, {0.5, 3}), floats({1, 3}, {0, 1, 2})});
  EXPECT_EQ(d.data.toDoubles(), (std::vector<double>{1, 3})); // defaults: scale 1, bias 0
}

TEST(MultiThreshold, ChannelsLastLayout) {
  // NHWC with C = 2 last: ch0 threshold 0, ch1 threshold 10.
  ir::Node n = makeNode("MultiThreshold", 2, {{"data_layout", attrString("NHWC")}}, kFinn);
  ir::Tensor y = eval1(n, {floats({1, 1, 2, 2}, {1, 1, -1, 11}), floats({2, 1}, {0, 10})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{1, 0, 0, 1}));
}

TEST(MultiThreshold, Errors) {
  EXPECT_EQ(evalError(makeNode("MultiThreshold", 2, {}, kFinn),
                      {floats({1, 2}, {0, 0}), floats({3, 1}, {0, 0, 0})}),
            "t.onnx: node 'n' (finn.custom_op.general::MultiThreshold, #3): error: thresholds "
            "shape [3,1] does not fit 2 channels (expected [2,T] or [1,T])");
  EXPECT_EQ(evalError(makeNode("MultiThreshold", 2, {{"data_layout", attrString("CHW")}}, kFinn),
                      {floats({1, 2}, {0, 0}), floats({1, 1}, {0})}),
            "t.onnx: node 'n' (finn.custom_op.general::MultiThreshold, #3): error: data_layout "
            "'CHW' is not supported, only NCHW or NHWC");
}

// Quant(x, s, z, b) = (round(clamp(x / s + z, min_int, max_int)) - z) * s.
ir::Tensor quant(const ir::Tensor &x, double s, double z, double bits, bool is_signed, bool narrow,
                 const std::string &mode = "ROUND", const char *domain = kQonnx) {
  ir::Node n = makeNode("Quant", 4,
                        {{"signed", attrInt(is_signed)},
                         {"narrow", attrInt(narrow)},
                         {"rounding_mode", attrString(mode)}},
                        domain);
  return eval1(n, {x, floats({}, {s}), floats({}, {z}), floats({}, {bits})});
}

TEST(Quant, SignedTwoBitsClampsThenRoundsHalvesToEven) {
  // x / 0.5 = [-6, -1.6, -0.5, 0.5, 1.5, 4]; clamp to [-2, 1]: [-2, -1.6, -0.5, 0.5, 1, 1];
  // round half to even: [-2, -2, -0, 0, 1, 1]; times 0.5.
  ir::Tensor x = floats({6}, {-3, -0.8, -0.25, 0.25, 0.75, 2});
  EXPECT_EQ(quant(x, 0.5, 0, 2, true, false).data.toDoubles(),
            (std::vector<double>{-1, -1, -0.0, 0, 0.5, 0.5}));
  // HALF_UP is sign(v) * floor(|v| + 0.5): [-2, -2, -1, 1, 1, 1].
  EXPECT_EQ(quant(x, 0.5, 0, 2, true, false, "HALF_UP").data.toDoubles(),
            (std::vector<double>{-1, -1, -0.5, 0.5, 0.5, 0.5}));
  // narrow: [-1, 1]
  EXPECT_EQ(quant(x, 0.5, 0, 2, true, true).data.toDoubles(),
            (std::vector<double>{-0.5, -0.5, -0.0, 0, 0.5, 0.5}));
}

TEST(Quant, UnsignedRangesAndZeroPoint) {
  // unsigned 2 bits narrow: [0, 2]; x / 1 = [-1, 0.4, 2.6, 9] -> [0, 0, 2, 2] (0.4 rounds to 0,
  // 2.6 is clamped to 2 before rounding)
  EXPECT_EQ(quant(floats({4}, {-1, 0.4, 2.6, 9}), 1, 0, 2, false, true).data.toDoubles(),
            (std::vector<double>{0, 0, 2, 2}));
  // zero point 1, scale 0.5, unsigned 2 bits [0, 3]: x = 1 -> 2 + 1 = 3 -> (3 - 1) * 0.5 = 1;
  // x = -1 -> -2 + 1 = -1 -> 0 -> (0 - 1) * 0.5 = -0.5
  EXPECT_EQ(quant(floats({2}, {1, -1}), 0.5, 1, 2, false, false).data.toDoubles(),
            (std::vector<double>{1, -0.5}));
  // CEIL, FLOOR, UP (away from 0), DOWN (toward 0) on v = [-1.2, 1.2], 4 bits signed
  ir::Tensor v = floats({2}, {-1.2f, 1.2f});
  EXPECT_EQ(quant(v, 1, 0, 4, true, false, "CEIL").data.toDoubles(), (std::vector<double>{-1, 2}));
  EXPECT_EQ(quant(v, 1, 0, 4, true, false, "FLOOR").data.toDoubles(), (std::vector<double>{-2, 1}));
  EXPECT_EQ(quant(v, 1, 0, 4, true, false, "UP").data.toDoubles(), (std::vector<double>{-2, 2}));
  EXPECT_EQ(quant(v, 1, 0, 4, true, false, "DOWN").data.toDoubles(), (std::vector<double>{-1, 1}));
}

// QONNX's rule: a signed 1-bit Quant, narrow or not, is bipolar: (x / s + z >= 0 ? 1 : -1),
// then (v - z) * s. An unsigned 1-bit Quant is an ordinary {0, 1} quantizer.
TEST(Quant, SignedOneBitIsBipolarInEveryDomain) {
  ir::Tensor x = floats({3}, {-0.1, 0, 0.3});
  for (const char *domain : {kQonnx, kFinn, "onnx.brevitas", "finn", ""}) {
    EXPECT_EQ(quant(x, 2, 0, 1, true, true, "ROUND", domain).data.toDoubles(),
              (std::vector<double>{-2, 2, 2}))
        << domain;
    EXPECT_EQ(quant(x, 2, 0, 1, true, false, "ROUND", domain).data.toDoubles(),
              (std::vector<double>{-2, 2, 2}));
  }
  // z = 0.5: v = x / 2 + 0.5 >= 0 for all three: (1 - 0.5) * 2 = 1
  EXPECT_EQ(quant(x, 2, 0.5, 1, true, true).data.toDoubles(), (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(quant(floats({2}, {0.4, 0.6}), 1, 0, 1, false, false).data.toDoubles(),
            (std::vector<double>{0, 1}));
}

TEST(Quant, Errors) {
  ir::Node n = makeNode("Quant", 4, {{"rounding_mode", attrString("STOCHASTIC")}}, kQonnx);
  std::vector<std::optional<ir::Tensor>> in = {floats({1}, {1}), floats({}, {1}), floats({}, {0}),
                                               floats({}, {2.5})};
  EXPECT_EQ(evalError(makeNode("Quant", 4, {}, kQonnx), in),
            "t.onnx: node 'n' (qonnx.custom_op.general::Quant, #3): error: input bitwidth must be "
            "an integer from 1 to 24, got 2.5");
  in[3] = floats({}, {2});
  EXPECT_EQ(evalError(n, in), "t.onnx: node 'n' (qonnx.custom_op.general::Quant, #3): error: "
                              "rounding_mode 'STOCHASTIC' is not one of ROUND, HALF_EVEN, CEIL, "
                              "FLOOR, UP, DOWN, HALF_UP, HALF_DOWN");
}

// Trunc v1: round(x / s + z) / 2^(in - out) rounded by rounding_mode (FLOOR by default), then
// (v - z) * s: 13 / 4 = 3.25 -> 3, -13 / 4 = -3.25 -> -4.
TEST(Trunc, DropsLowBits) {
  ir::Tensor y =
      eval1(makeNode("Trunc", 5, {}, kQonnx), {floats({2}, {13, -13}), floats({}, {1}),
                                               floats({}, {0}), floats({}, {8}), floats({}, {6})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{3, -4}));
}

// {0, 1} operands: a = [1, 0, 1] agrees with column 0 of b = [1, 1, 0] in 1 position and with
// column 1 = [0, 1, 0] in none.
TEST(XnorPopcountMatMul, CountsAgreements) {
  ir::Tensor y = eval1(makeNode("XnorPopcountMatMul", 2, {}, "finn"),
                       {floats({1, 3}, {1, 0, 1}), floats({3, 2}, {1, 0, 1, 1, 0, 0})});
  EXPECT_EQ(y.shape, (Shape{1, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{1, 0}));
}

} // namespace
} // namespace bnnc::test
