// QONNX BipolarQuant and FINN MultiThreshold.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::Shape;

const char *kQonnx = "qonnx.custom_op.general";
const char *kFinn = "finn.custom_op.general";

TEST(BipolarQuant, ZeroMapsToPlusScale) {
  ir::Tensor y = eval1(makeNode("BipolarQuant", 2, {}, kQonnx),
                       {floats({4}, {-1, 0, 2.5, -0.0}), floats({}, {0.5})});
  EXPECT_EQ(y.data, (std::vector<double>{-0.5, 0.5, 0.5, 0.5}));
  // per-row scale broadcast; the Brevitas domain is accepted too
  ir::Tensor z = eval1(makeNode("BipolarQuant", 2, {}, "onnx.brevitas"),
                       {floats({2, 2}, {1, -1, -3, 0}), floats({2, 1}, {1, 2})});
  EXPECT_EQ(z.data, (std::vector<double>{1, -1, -2, 2}));
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
  EXPECT_EQ(y.data, (std::vector<double>{-1, 1, 3, 1, 1, 3}));
}

TEST(MultiThreshold, Rank3InputHasChannelsLast) {
  // QONNX treats a 3-D input as [..., C]: here C = 2 with thresholds 0 and 10.
  ir::Tensor y = eval1(makeNode("MultiThreshold", 2, {}, kFinn),
                       {floats({1, 3, 2}, {1, 1, -1, 11, 0, 10}), floats({2, 1}, {0, 10})});
  EXPECT_EQ(y.data, (std::vector<double>{1, 0, 0, 1, 1, 1}));
}

TEST(MultiThreshold, SharedRowIsBipolarSign) {
  ir::Node n = makeNode("MultiThreshold", 2,
                        {{"out_scale", attrFloat(2)}, {"out_bias", attrFloat(-1)}}, kFinn);
  ir::Tensor y = eval1(n, {floats({1, 3}, {-0.5, 0, 7}), floats({1, 1}, {0})});
  EXPECT_EQ(y.data, (std::vector<double>{-1, 1, 1}));
  ir::Tensor d = eval1(makeNode("MultiThreshold", 2, {}, kFinn),
                       {floats({1, 2}, {0.5, 3}), floats({1, 3}, {0, 1, 2})});
  EXPECT_EQ(d.data, (std::vector<double>{1, 3})); // defaults: scale 1, bias 0
}

TEST(MultiThreshold, ChannelsLastLayout) {
  // NHWC with C = 2 last: ch0 threshold 0, ch1 threshold 10.
  ir::Node n = makeNode("MultiThreshold", 2, {{"data_layout", attrString("NHWC")}}, kFinn);
  ir::Tensor y = eval1(n, {floats({1, 1, 2, 2}, {1, 1, -1, 11}), floats({2, 1}, {0, 10})});
  EXPECT_EQ(y.data, (std::vector<double>{1, 0, 0, 1}));
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

} // namespace
} // namespace bnnc::test
