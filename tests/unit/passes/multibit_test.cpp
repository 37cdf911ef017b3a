// Multi-bit lowering with hand-computed planes, offsets, scales and comparator levels
// (docs/architecture.md, "Multi-bit weights" and "Multi-bit activations").
#include "unit/passes/graph_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using Kind = ir::Compare::Kind;

// x[1,4] -> Sign -> MatMul W[4,2] -> scores, W's columns on two grids:
//   channel 0: {-0.5, 0, 0.5, 1} = 0.5 n, n = {-1, 0, 1, 2}: kmin = -1, 4 levels, k = 2 planes;
//   channel 1: {0.3, -0.3, 0, 0.3} = 0.3 n, n = {1, -1, 0, 1}: kmin = -1, 3 levels.
// With m = n - kmin (the bits b_i of the planes) and D = sum 2^i (2 b_i - 1) = 2m - 3, the weight
// is 2n = D + e with e = 2 kmin + 2^k - 1 = 1, and the real weight s/2 (D + e):
//   channel 0: m = {0, 1, 2, 3}, plane 0 bits {0, 1, 0, 1}, plane 1 bits {0, 0, 1, 1},
//              w = D + e = {-2, 0, 2, 4}, scale 0.25;
//   channel 1: m = {2, 0, 1, 2}, plane 0 bits {0, 0, 1, 0}, plane 1 bits {1, 0, 0, 1},
//              w = {2, -2, 0, 2}, scale 0.15.
ir::Graph twoBitDense() {
  GraphBuilder b({1, 4});
  std::string a = b.node("sign", "Sign", {b.input()});
  std::string w = b.constant("W", {4, 2}, {-0.5, 0.3, /**/ 0, -0.3, /**/ 0.5, 0, /**/ 1, 0.3});
  return b.finish(b.node("fc", "MatMul", {a, w}));
}

TEST(MultiBit, WeightPlanesOffsetsAndScalesByHand) {
  Diagnostics diag;
  ir::Program p = compile(twoBitDense(), {}, diag);
  ASSERT_EQ(p.layers.size(), 1u);
  const ir::Layer &l = p.layers[0];
  EXPECT_EQ(l.weight_bits, 2);
  EXPECT_EQ(l.weightRows(), 4);
  EXPECT_EQ(l.weight_offset, (std::vector<int64_t>{1, 1}));
  // [plane][channel][input]
  EXPECT_EQ(l.weights, (std::vector<uint8_t>{0, 1, 0, 1, /**/ 0, 0, 1, 0, /**/
                                             0, 0, 1, 1, /**/ 1, 0, 0, 1}));
  std::vector<int64_t> w0, w1;
  for (int64_t j = 0; j < 4; ++j)
    w0.push_back(l.weightValue(0, j)), w1.push_back(l.weightValue(1, j));
  EXPECT_EQ(w0, (std::vector<int64_t>{-2, 0, 2, 4}));
  EXPECT_EQ(w1, (std::vector<int64_t>{2, -2, 0, 2}));
  ASSERT_EQ(l.output, ir::Layer::Output::Affine);
  EXPECT_DOUBLE_EQ(l.scale[0], 0.25);
  EXPECT_NEAR(l.scale[1], 0.15, 1e-7); // 0.3 is a float32 constant
  EXPECT_EQ(l.offset, (std::vector<double>{0, 0}));
  EXPECT_FALSE(l.bit_serial_input);
}

// x[1,4] -> Sign -> MatMul W[4,2] (+-1) -> MultiThreshold (2 bits, thresholds per channel,
// out_bias -1.5) -> MatMul V[2,1] (+-1) -> score. The dot products of 4 +-1 products are even,
// in [-4, 4]; FINN counts the thresholds t with x >= t, so each threshold becomes the smallest
// reachable dot at or above it:
//   channel 0: t = {-1.5, 0.5, 2}   -> x >= -1.5 <=> x >= 0;  x >= 0.5 <=> x >= 2;  x >= 2;
//   channel 1: t = {-5, -3, 3.5}    -> always;                x >= -3 <=> x >= -2;  never.
// The codes q in {0..3} stand for -1.5 + q, which the next layer reads bit-serially.
ir::Graph twoBitActivations() {
  GraphBuilder b({1, 4});
  std::string a = b.node("sign", "Sign", {b.input()});
  std::string w = b.constant("W", {4, 2}, {1, -1, /**/ 1, 1, /**/ -1, 1, /**/ 1, -1});
  std::string y = b.node("fc1", "MatMul", {a, w});
  std::string t = b.constant("T", {2, 3}, {-1.5, 0.5, 2, /**/ -5, -3, 3.5});
  y = b.node("mt", "MultiThreshold", {y, t},
             {{"out_dtype", ir::Attribute::ofString("UINT2")},
              {"out_scale", attrFloat(1)},
              {"out_bias", attrFloat(-1.5)}},
             "finn.custom_op.general");
  std::string v = b.constant("V", {2, 1}, {1, -1});
  return b.finish(b.node("fc2", "MatMul", {y, v}));
}

TEST(MultiBit, MultiThresholdLevelsByHand) {
  Diagnostics diag;
  ir::Program p = compile(twoBitActivations(), {}, diag);
  ASSERT_EQ(p.layers.size(), 2u);
  const ir::Layer &l0 = p.layers[0];
  EXPECT_EQ(l0.output, ir::Layer::Output::Threshold);
  EXPECT_EQ(l0.output_bits, 2);
  EXPECT_EQ(l0.weight_bits, 1);
  ASSERT_EQ(l0.levelCount(), 3);
  auto code = [&](int64_t c, int64_t pre) {
    int64_t q = 0;
    for (int64_t j = 0; j < 3; ++j)
      q += l0.levels[size_t(c * 3 + j)].eval(double(pre));
    return q;
  };
  // Every reachable dot, channel by channel, against FINN's count of thresholds at or below it.
  const double t[2][3] = {{-1.5, 0.5, 2}, {-5, -3, 3.5}};
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t pre = -4; pre <= 4; pre += 2) {
      int64_t finn = 0;
      for (double ti : t[c])
        finn += double(pre) >= ti;
      EXPECT_EQ(code(c, pre), finn) << "channel " << c << ", dot " << pre;
    }
  EXPECT_DOUBLE_EQ(l0.output_lo, -1.5);
  EXPECT_DOUBLE_EQ(l0.output_step, 1);
  const ir::Layer &l1 = p.layers[1];
  EXPECT_TRUE(l1.bit_serial_input);
  EXPECT_EQ(p.inputOf(1).bits, 2);
  EXPECT_EQ(l1.output, ir::Layer::Output::Affine);
}

} // namespace
} // namespace bnnc::test
