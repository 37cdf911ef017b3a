// Lowering of what FINN and QONNX exporters write, with hand-computed thresholds: layout ops
// inside a threshold chain, {0, 1} activations and XnorPopcountMatMul, input quantizers, affine
// ops folded into a bit-serial input, a final ArgMax, and the refusals that go with them.
#include "bnnc/ir/interpreter.h"
#include "unit/passes/graph_util.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using Kind = ir::Compare::Kind;
const char *kFinn = "finn.custom_op.general";

std::map<std::string, ir::Attribute> levels(double scale, double bias) {
  return {{"out_scale", attrFloat(scale)}, {"out_bias", attrFloat(bias)}};
}

// FINN's hidden layer: MatMul -> Mul 1 -> Unsqueeze -> BatchNormalization on [1, C, 1] ->
// Squeeze -> MultiThreshold; the scores go through ArgMax. The batch norm is denseModel's in
// lower_test.cpp: channel 0 is d >= 0, channel 1 d <= 1.
TEST(LowerExporters, LayoutOpsInsideTheThresholdChain) {
  GraphBuilder b({1, 4}, 11);
  std::string a = b.node("in", "MultiThreshold", {b.input(), b.constant("t0", {1, 1}, {0})},
                         levels(2, -1), kFinn);
  std::string w = b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, -1, -1});
  std::string y = b.node("fc1", "MatMul", {a, w});
  y = b.node("one", "Mul", {y, b.constant("c1", {}, {1})});
  y = b.node("unsq", "Unsqueeze", {y}, {{"axes", attrInts({2})}});
  y = addBatchNorm(b, "bn", y, {{2, -1}, {1, 0.5}, {0.5, 1}, {4, 1}});
  y = b.node("sq", "Squeeze", {y}, {{"axes", attrInts({2})}});
  y = b.node("act", "MultiThreshold", {y, b.constant("t1", {2, 1}, {0, 0})}, levels(2, -1), kFinn);
  y = b.node("fc2", "MatMul", {y, b.constant("W2", {2, 3}, {1, 1, -1, -1, 1, 1})});
  y = b.node("am", "ArgMax", {y}, {{"axis", attrInt(1)}});
  Diagnostics diag;
  ir::Program p = compile(b.finish(y), {}, diag);
  ASSERT_EQ(p.layers.size(), 2u);
  EXPECT_EQ(p.layers[0].threshold[0], (ir::Compare{Kind::Ge, 0}));
  EXPECT_EQ(p.layers[0].threshold[1], (ir::Compare{Kind::Le, 1}));
  EXPECT_EQ(p.final, ir::Program::Final::ArgMax);
  EXPECT_EQ(p.output_shape, (ir::Shape{1}));
}

// FINN's streamlined form: {0, 1} activations into XnorPopcountMatMul, whose output is the
// number of agreements (pre + K) / 2. Layer 0 (K = 4): popcount >= 2 <=> pre >= 0, popcount >= 3
// <=> pre >= 2. Layer 1 (K = 2) reads {0, 1}: scores (pre + 2) / 2 = 0.5 pre + 1.
TEST(LowerExporters, XnorPopcountWithZeroOneActivations) {
  GraphBuilder b({1, 4});
  std::string a = b.node("in", "MultiThreshold", {b.input(), b.constant("t0", {1, 1}, {0.5})},
                         levels(1, 0), kFinn);
  std::string y = b.node("x0", "XnorPopcountMatMul",
                         {a, b.constant("W0", {4, 2}, {1, 0, 1, 1, 0, 1, 0, 0})}, {}, kFinn);
  y = b.node("th", "MultiThreshold", {y, b.constant("t1", {2, 1}, {2, 3})}, levels(1, 0), kFinn);
  y = b.node("x1", "XnorPopcountMatMul", {y, b.constant("W1", {2, 3}, {1, 0, 1, 0, 0, 1})}, {},
             kFinn);
  Diagnostics diag;
  ir::Program p = compile(b.finish(y), {}, diag);
  ASSERT_EQ(p.layers.size(), 2u);
  EXPECT_EQ(p.input.compare[0], (ir::Compare{Kind::Ge, 0.5}));
  // W0 is [K, N] of {0, 1}: column 0 is 1 1 0 0, column 1 is 0 1 1 0.
  EXPECT_EQ(p.layers[0].weights, (std::vector<uint8_t>{1, 1, 0, 0, 0, 1, 1, 0}));
  EXPECT_EQ(p.layers[0].threshold[0], (ir::Compare{Kind::Ge, 0}));
  EXPECT_EQ(p.layers[0].threshold[1], (ir::Compare{Kind::Ge, 2}));
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_DOUBLE_EQ(p.layers[1].scale[c], 0.5);
    EXPECT_DOUBLE_EQ(p.layers[1].offset[c], 1);
  }
}

// Mul 2 -> Sub 1 -> Quant(scale 0.5, 2 bits, signed): values -1, -0.5, 0, 0.5 read bit-serially,
// q = level index. By hand: x = 0 -> v = -1 -> q = -2 (level 0); x = 0.3 -> v = -0.4 -> -0.8
// rounds to -1 (level 1); x = 0.5 -> 0 (level 2); x = 1 -> 2 clamped to 1 (level 3). Every
// float32 x of a fine grid gets the level the interpreter's own Quant gives.
TEST(LowerExporters, InputQuantizerGivesLevelComparators) {
  GraphBuilder b({1, 3});
  std::string v = b.node("mul", "Mul", {b.input(), b.constant("two", {}, {2})});
  v = b.node("sub", "Sub", {v, b.constant("one", {}, {1})});
  std::string q =
      b.node("q", "Quant",
             {v, b.constant("s", {}, {0.5}), b.constant("z", {}, {0}), b.constant("b", {}, {2})},
             {{"signed", attrInt(1)}, {"narrow", attrInt(0)}}, kFinn);
  std::string y = b.node("fc", "MatMul", {q, b.constant("W", {3, 2}, {1, -1, 1, 1, -1, 1})});
  ir::Graph g = b.finish(y);
  Diagnostics diag;
  ir::Program p = compile(g, {}, diag);
  const ir::InputStage &in = p.input;
  ASSERT_EQ(in.kind, ir::InputStage::Kind::BitSerial);
  EXPECT_EQ(in.bits, 2);
  EXPECT_EQ(in.lo, -1);
  EXPECT_EQ(in.step(), 0.5);
  EXPECT_EQ(in.level_groups, 1);
  EXPECT_EQ(in.level_count, 3);
  EXPECT_EQ(in.quantize(0, 0), 0u);
  EXPECT_EQ(in.quantize(0.3, 1), 1u);
  EXPECT_EQ(in.quantize(0.5, 2), 2u);
  EXPECT_EQ(in.quantize(1, 0), 3u);
  for (int i = -2000; i <= 2000; ++i) {
    float x = float(i) / 1600.0f;
    ir::Tensor values = ir::runGraph(g, ir::Tensor(ir::DType::Float, {1, 3}, {x, x, x})).at(q);
    EXPECT_EQ(in.quantize(x, 0), uint32_t((values.data[0] + 1) / 0.5)) << "x = " << x;
  }
}

// A raw input divided by 255 in the model, with --input-bits 8 --input-range 0,255: q is the
// pixel value (rounded half away from zero), the first layer reads q / 255.
TEST(LowerExporters, AffineOpsBeforeARawInputFoldIntoItsValues) {
  GraphBuilder b({1, 2});
  std::string v = b.node("div", "Div", {b.input(), b.constant("255", {}, {255})});
  std::string y = b.node("fc", "MatMul", {v, b.constant("W", {2, 1}, {1, -1})});
  passes::CompileOptions o;
  o.input_bits = 8, o.input_lo = 0, o.input_hi = 255;
  Diagnostics diag;
  ir::Program p = compile(b.finish(y), o, diag);
  EXPECT_EQ(p.input.bits, 8);
  EXPECT_EQ(p.input.lo, 0);
  EXPECT_NEAR(p.input.step(), 1.0 / 255, 1e-12);
  EXPECT_EQ(p.input.level_count, 255);
  for (int k = 0; k < 256; ++k) {
    EXPECT_EQ(p.input.quantize(k, 0), uint32_t(k));
    EXPECT_EQ(p.input.quantize(k + 0.49, 1), uint32_t(std::min(k, 255)));
  }
  EXPECT_EQ(p.input.quantize(7.5, 0), 8u);
  EXPECT_EQ(p.input.quantize(-3, 0), 0u);
  EXPECT_EQ(p.input.quantize(1000, 0), 255u);
}

TEST(LowerExporters, RefusalsNameWhatBlocks) {
  auto error = [](const ir::Graph &g, passes::CompileOptions o = {}) {
    Diagnostics diag;
    try {
      compile(g, o, diag);
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // per-channel ops on a raw input with no quantizer after them
  GraphBuilder b({1, 2, 1, 1});
  std::string v = b.node("sub", "Sub", {b.input(), b.constant("m", {1, 2, 1, 1}, {0.5, 0.25})});
  v = b.node("conv", "Conv", {v, b.constant("W", {1, 2, 1, 1}, {1, -1})});
  passes::CompileOptions o;
  o.input_bits = 8, o.input_lo = 0, o.input_hi = 1;
  EXPECT_EQ(error(b.finish(v), o),
            "test.onnx: node 'sub' (Sub, #0): error: the ops on the raw input differ between "
            "elements; bnnc folds per-tensor affine ops into a bit-serial input (per-channel "
            "ones need a quantizer in the model)");
  // zero padding on {0, 1} activations: a padded 0 is neither level
  GraphBuilder z({1, 1, 3, 3});
  std::string a = z.node("in", "MultiThreshold", {z.input(), z.constant("t", {1, 1}, {0})},
                         levels(1, 0), kFinn);
  a = z.node("conv", "Conv", {a, z.constant("W", {1, 1, 3, 3}, std::vector<double>(9, 1))},
             {{"pads", attrInts({1, 1, 1, 1})}});
  EXPECT_EQ(error(z.finish(a)),
            "test.onnx: node 'conv' (Conv, #1): error: zero padding on activations whose two "
            "levels are not symmetric about 0 is not supported (a padded input contributes 0, "
            "which is neither level)");
}

// Binary weights with float activations (a Relu between the layers), an op on activations the
// chip has no place for, and a final TopK that is not the predicted class.
TEST(LowerExporters, BlockersOfBinaryLayers) {
  auto problems = [](const ir::Graph &g) {
    Diagnostics diag;
    try {
      compile(g, {}, diag);
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  auto binaryInput = [](GraphBuilder &b) {
    return b.node("in", "MultiThreshold", {b.input(), b.constant("t", {1, 1}, {0})}, levels(2, -1),
                  kFinn);
  };
  GraphBuilder f({1, 2});
  std::string y =
      f.node("fc1", "MatMul", {binaryInput(f), f.constant("W1", {2, 2}, {1, -1, 1, 1})});
  y = f.node("relu", "Relu", {y});
  y = f.node("exp", "Exp", {y});
  y = f.node("fc2", "MatMul", {y, f.constant("W2", {2, 1}, {1, -1})});
  EXPECT_EQ(problems(f.finish(y)),
            "test.onnx: node 'exp' (Exp, #3): error: unsupported op Exp on activations "
            "(docs/passes.md lists the ops bnnc lowers)");
  GraphBuilder r({1, 2});
  y = r.node("fc1", "MatMul", {binaryInput(r), r.constant("W1", {2, 2}, {1, -1, 1, 1})});
  y = r.node("relu", "Relu", {y});
  y = r.node("fc2", "MatMul", {y, r.constant("W2", {2, 1}, {1, -1})});
  EXPECT_EQ(problems(r.finish(y)),
            "test.onnx: node 'fc1' (MatMul, #1): error: the output of this layer reaches the next "
            "layer without a binarizer (float activations; bnnc compile --binarize binarizes a "
            "float model)");
  GraphBuilder t({1, 2}, 9);
  y = t.node("fc", "MatMul", {binaryInput(t), t.constant("W", {2, 3}, {1, -1, 1, 1, 1, -1})});
  y = t.node("top", "TopK", {y}, {{"k", attrInt(2)}, {"axis", attrInt(1)}});
  EXPECT_EQ(problems(t.finish(y)),
            "test.onnx: node 'top' (TopK, #2): error: bnnc supports TopK with k = 1 and largest "
            "= 1 only (the predicted class)");
}

// A float model: find-blockers names every layer whose weights are not binary and every place
// where float activations reach the next layer, in one error.
TEST(LowerExporters, EveryBlockerOfAFloatModelIsNamed) {
  GraphBuilder b({1, 2});
  std::string y = b.node("fc1", "MatMul", {b.input(), b.constant("W1", {2, 2}, {0.3, -1, 1, 2})});
  y = b.node("relu", "Relu", {y});
  y = b.node("fc2", "MatMul", {y, b.constant("W2", {2, 1}, {0.3, 1})});
  Diagnostics diag;
  passes::CompileOptions o;
  o.input_bits = 8, o.input_lo = 0, o.input_hi = 1;
  try {
    compile(b.finish(y), o, diag);
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_STREQ(
        e.what(),
        "test.onnx: node 'fc1' (MatMul, #0): error: weight 'W1' is neither binary nor quantized: "
        "output channel 0 holds 2 distinct values (0.3, 1), not a scale "
        "times integers of at most 8 bits (bnnc compile --binarize binarizes a float model)\n"
        "test.onnx: node 'fc2' (MatMul, #2): error: weight 'W2' is neither binary nor quantized: "
        "output channel 0 holds 2 distinct values (0.3, 1), not a scale "
        "times integers of at most 8 bits (bnnc compile --binarize binarizes a float model)");
  }
}

} // namespace
} // namespace bnnc::test
