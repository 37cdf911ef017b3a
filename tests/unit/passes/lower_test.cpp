// Lowering tests with hand-computed thresholds, pool modes, affines and geometry.
#include "unit/passes/graph_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using Kind = ir::Compare::Kind;

// x >= 0 ? 1 : -1 written as GreaterOrEqual + Where.
std::string whereSign(GraphBuilder &b, const std::string &name, const std::string &x) {
  std::string ge = b.node(name + ".ge", "GreaterOrEqual", {x, b.constant(name + ".zero", {}, {0})});
  return b.node(name, "Where",
                {ge, b.constant(name + ".pos", {}, {1}), b.constant(name + ".neg", {}, {-1})});
}

// x[1,4] -> binarize -> MatMul W[4,3] -> BN -> binarize -> Gemm(alpha 0.5, beta 2) -> scores[1,2]
ir::Graph denseModel() {
  GraphBuilder b({1, 4});
  std::string a = whereSign(b, "in_sign", b.input());
  std::string w = b.constant("W", {4, 3}, {1, -1, 1, /**/ 1, 1, -1, /**/ -1, 1, 1, /**/ -1, -1, 1});
  std::string y = b.node("fc1", "MatMul", {a, w});
  // Channel 0: gamma 2, beta 1, mean 0.5, var 4: y = 2(d - 0.5)/2 + 1 = d + 0.5 >= 0 <=> d >= 0.
  // Channel 1: gamma -1, beta 0.5, mean 1, var 1: -(d - 1) + 0.5 >= 0 <=> d <= 1.5 <=> d <= 1.
  // Channel 2: gamma 0, beta -0.3: constantly -0.3 < 0, the bit is always 0.
  y = addBatchNorm(b, "bn1", y, {{2, -1, 0}, {1, 0.5, -0.3}, {0.5, 1, 0}, {4, 1, 1}});
  std::string h = whereSign(b, "sign1", y);
  std::string w2 = b.constant("W2", {2, 3}, {1, 1, -1, /**/ -1, 1, 1});
  std::string c2 = b.constant("C2", {2}, {0.25, -1});
  std::string out =
      b.node("fc2", "Gemm", {h, w2, c2},
             {{"transB", attrInt(1)}, {"alpha", attrFloat(0.5)}, {"beta", attrFloat(2)}});
  return b.finish(out);
}

TEST(Lower, DenseThresholdsFromBatchNorm) {
  Diagnostics diag;
  ir::Program p = compile(denseModel(), {}, diag);
  ASSERT_EQ(p.layers.size(), 2u);
  EXPECT_EQ(p.input.kind, ir::InputStage::Kind::Comparator);
  ASSERT_EQ(p.input.compare.size(), 4u);
  for (const ir::Compare &c : p.input.compare)
    EXPECT_EQ(c, (ir::Compare{Kind::Ge, 0}));
  const ir::Layer &l0 = p.layers[0];
  EXPECT_EQ(l0.geom.cin, 4);
  EXPECT_EQ(l0.geom.cout, 3);
  // W is [K=4, N=3]: row n of the program is column n of W.
  EXPECT_EQ(l0.weights, (std::vector<uint8_t>{1, 1, 0, 0, /**/ 0, 1, 1, 0, /**/ 1, 0, 1, 1}));
  ASSERT_EQ(l0.threshold.size(), 3u);
  EXPECT_EQ(l0.threshold[0], (ir::Compare{Kind::Ge, 0}));
  EXPECT_EQ(l0.threshold[1], (ir::Compare{Kind::Le, 1}));
  EXPECT_EQ(l0.threshold[2].kind, Kind::Zero);
  const ir::Layer &l1 = p.layers[1];
  EXPECT_EQ(l1.output, ir::Layer::Output::Affine);
  EXPECT_EQ(l1.weights, (std::vector<uint8_t>{1, 1, 0, /**/ 0, 1, 1}));
  // score = alpha * dot + beta * C = 0.5 dot + (0.5, -2)
  EXPECT_DOUBLE_EQ(l1.scale[0], 0.5);
  EXPECT_DOUBLE_EQ(l1.scale[1], 0.5);
  EXPECT_DOUBLE_EQ(l1.offset[0], 0.5);
  EXPECT_DOUBLE_EQ(l1.offset[1], -2);
  EXPECT_EQ(p.output_shape, (ir::Shape{2}));
  EXPECT_TRUE(diag.warnings.empty());
}

// x[1,1,4] -> Sign -> Conv1d(2 ch, k3, pad 1) -> [MaxPool(2)] -> BN(gamma 1, -1) -> [MaxPool(2)]
// -> Sign -> Flatten -> MatMul
ir::Graph convPoolModel(bool pool_before_bn) {
  GraphBuilder b({1, 1, 4});
  std::string a = b.node("sign0", "Sign", {b.input()});
  std::string w = b.constant("Wc", {2, 1, 3}, {1, -1, 1, /**/ -1, -1, 1});
  std::string y =
      b.node("conv", "Conv", {a, w}, {{"pads", attrInts({1, 1})}, {"kernel_shape", attrInts({3})}});
  // Channel 0: d + 0.25 >= 0 <=> d >= 0. Channel 1: -(d - 0.5) + 0.25 >= 0 <=> d <= 0.75 <=> d <=
  // 0.
  std::map<std::string, ir::Attribute> pool = {{"kernel_shape", attrInts({2})},
                                               {"strides", attrInts({2})}};
  if (pool_before_bn)
    y = b.node("pool", "MaxPool", {y}, pool);
  y = addBatchNorm(b, "bn", y, {{1, -1}, {0.25, 0.25}, {0, 0.5}, {1, 1}, 1e-9});
  if (!pool_before_bn)
    y = b.node("pool", "MaxPool", {y}, pool);
  std::string h = b.node("sign1", "Sign", {y});
  h = b.node("flat", "Flatten", {h});
  std::string w2 = b.constant("W2", {4, 1}, {1, -1, 1, 1});
  return b.finish(b.node("fc", "MatMul", {h, w2}));
}

TEST(Lower, ConvPaddingPoolingBeforeNegativeGammaIsAnd) {
  Diagnostics diag;
  ir::Program p = compile(convPoolModel(true), {}, diag);
  ASSERT_EQ(p.layers.size(), 2u);
  const ir::Layer &c = p.layers[0];
  EXPECT_EQ(c.geom.cin, 1);
  EXPECT_EQ(c.geom.ih, 1);
  EXPECT_EQ(c.geom.iw, 4);
  EXPECT_EQ(c.geom.kw, 3);
  EXPECT_EQ(c.geom.pad_left, 1);
  EXPECT_EQ(c.geom.pad_right, 1);
  EXPECT_EQ(c.geom.ow, 4);
  EXPECT_EQ(c.threshold[0], (ir::Compare{Kind::Ge, 0}));
  EXPECT_EQ(c.threshold[1], (ir::Compare{Kind::Le, 0}));
  ASSERT_TRUE(c.pool.enabled);
  EXPECT_EQ(c.pool.kw, 2);
  EXPECT_EQ(c.pool.sw, 2);
  EXPECT_EQ(c.pool.ow, 2);
  // max before a decreasing batch norm (gamma < 0) is an AND on the bits...
  EXPECT_EQ(c.pool.use_or, (std::vector<uint8_t>{1, 0}));
  // ...and max after it, right before the sign, an OR.
  EXPECT_EQ(compile(convPoolModel(false), {}, diag).layers[0].pool.use_or,
            (std::vector<uint8_t>{1, 1}));
  EXPECT_EQ(p.layers[1].geom.cin, 4);
  // Sign on the raw input compares against exactly 0: the tie warning names the node.
  ASSERT_EQ(diag.warnings.size(), 2u);
  EXPECT_EQ(diag.warnings[0],
            "test.onnx: node 'sign0' (Sign, #0): warning: 4 channel(s) can reach exactly 0 before "
            "the sign (first: channel 0 at pre-activation 0); ONNX Sign gives 0 there, the chip "
            "+1 (tie policy; binarize with x >= 0, e.g. torch.where(x >= 0, 1, -1), for a model "
            "that agrees)");
}

TEST(Lower, BitSerialInputNeedsQuantization) {
  GraphBuilder b({1, 3});
  std::string w = b.constant("W", {3, 2}, {1, -1, 1, 1, -1, 1});
  ir::Graph g = b.finish(b.node("fc", "MatMul", {b.input(), w}));
  Diagnostics diag;
  try {
    compile(g, {}, diag);
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "test.onnx: node 'fc' (MatMul, #0): error: the first layer reads the "
                           "raw input, which is not binarized and has no quantizer in the model; "
                           "give the quantization of the data with --input-bits N and "
                           "--input-range LO,HI, e.g. --input-bits 8 --input-range 0,1 (8-bit "
                           "data k/255)");
  }
  passes::CompileOptions o;
  o.input_bits = 8;
  o.input_lo = -1;
  o.input_hi = 1;
  ir::Program p = compile(g, o, diag);
  EXPECT_EQ(p.input.kind, ir::InputStage::Kind::BitSerial);
  EXPECT_EQ(p.input.bits, 8);
  EXPECT_TRUE(p.layers[0].bit_serial_input);
  EXPECT_DOUBLE_EQ(p.layers[0].scale[0], 1);
  EXPECT_DOUBLE_EQ(p.layers[0].offset[1], 0);
}

TEST(Lower, NonBinaryWeightIsAnError) {
  GraphBuilder b({1, 2});
  std::string a = b.node("s", "Sign", {b.input()});
  std::string w = b.constant("W", {2, 2}, {1, 0.3, -1, 1});
  ir::Graph g = b.finish(b.node("fc", "MatMul", {a, w}));
  Diagnostics diag;
  try {
    compile(g, {}, diag);
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "test.onnx: node 'fc' (MatMul, #1): error: weight 'W' is neither "
                           "binary nor quantized: output channel 1 holds 2 distinct values (0.3, "
                           "1), not a scale times integers of at most 8 bits (bnnc compile "
                           "--binarize binarizes a float model)");
  }
}

TEST(Lower, ScaledBinaryWeightsFoldIntoThresholds) {
  // w = 0.5 * (+-1) per channel: dot_real = 0.5 dot; 0.5 dot + 0.75 >= 0 <=> dot >= -1.5 <=> -1.
  GraphBuilder b({1, 3});
  std::string a = b.node("s", "Sign", {b.input()});
  std::string w = b.constant("W", {3, 1}, {0.5, -0.5, 0.5});
  std::string y = b.node("fc", "MatMul", {a, w});
  y = b.node("bias", "Add", {y, b.constant("B", {1}, {0.75})});
  std::string h = b.node("s2", "Sign", {y});
  std::string out = b.node("fc2", "MatMul", {h, b.constant("W2", {1, 1}, {-2})});
  Diagnostics diag;
  ir::Program p = compile(b.finish(out), {}, diag);
  EXPECT_EQ(p.layers[0].threshold[0], (ir::Compare{Kind::Ge, -1}));
  EXPECT_EQ(p.layers[1].weights, (std::vector<uint8_t>{0}));
  EXPECT_DOUBLE_EQ(p.layers[1].scale[0], 2); // -2 = 2 * (-1): the scale a > 0, the sign a bit
}

TEST(Lower, BranchIsAnError) {
  GraphBuilder b({1, 2});
  std::string a = b.node("s", "Sign", {b.input()});
  std::string w = b.constant("W", {2, 2}, {1, 1, -1, 1});
  std::string y1 = b.node("fc1", "MatMul", {a, w});
  std::string y2 = b.node("fc2", "MatMul", {a, w});
  ir::Graph g = b.finish(b.node("sum", "Add", {y1, y2}));
  Diagnostics diag;
  try {
    compile(g, {}, diag);
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "test.onnx: error: value 's:0' is read by 2 readers ('fc1' #1, 'fc2' "
                           "#2); bnnc compiles a chain of layers without branches");
  }
}

} // namespace
} // namespace bnnc::test
