// The structural refusals of lower-to-program, with their exact texts: the checks that keep
// bnnc from writing a chip that computes something else than the model.
#include "unit/passes/graph_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// x[1, 1, 8] -> Sign -> Conv(2 channels, kernel 1): the first half of a conv layer.
std::string signConv(GraphBuilder &b) {
  std::string a = b.node("sign0", "Sign", {b.input()});
  return b.node("conv", "Conv", {a, b.constant("Wc", {2, 1, 1}, {1, -1})});
}

std::map<std::string, ir::Attribute> pool2() {
  return {{"kernel_shape", attrInts({2})}, {"strides", attrInts({2})}};
}

// Float32 overflow makes the chain non-monotone: |pre| >= 4 gives +-inf after the Mul by 1e38,
// and inf * 0 is NaN, whose binarizer bit is 0, while a small |pre| gives 0 * 0 >= 0: bit 1.
// Bisection sees bit 0 at both ends (a constant); the grid check finds the 1 at pre = -3.
TEST(Refusals, NonMonotoneChain) {
  GraphBuilder b({1, 8});
  std::string a = b.node("sign0", "Sign", {b.input()});
  std::string y = b.node("fc1", "MatMul", {a, b.constant("W", {8, 1}, std::vector<double>(8, 1))});
  y = b.node("big", "Mul", {y, b.constant("m", {}, {1e38})});
  y = b.node("zero", "Mul", {y, b.constant("z", {}, {0})});
  y = b.node("sign1", "Sign", {y});
  y = b.node("fc2", "MatMul", {y, b.constant("W2", {1, 1}, {1})});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'sign1' (Sign, #4): error: the activation of channel 0 is not a "
            "monotone function of the pre-activation (at -3)");
}

// The last layer's scores must be an affine function of its pre-activation: a Relu is not.
TEST(Refusals, NonAffineLastLayer) {
  GraphBuilder b({1, 4});
  std::string a = b.node("sign0", "Sign", {b.input()});
  std::string y = b.node("fc", "MatMul", {a, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1})});
  y = b.node("relu", "Relu", {y});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'fc' (MatMul, #1): error: the output of this layer is not an affine "
            "function of its pre-activation (channel 0); after the last layer bnnc supports "
            "bias, batch norm and scalar affine ops only");
}

// One MaxPool between the conv and its binarizer, a second one after the binarizer.
TEST(Refusals, SecondMaxPoolInALayer) {
  GraphBuilder b({1, 1, 8});
  std::string y = b.node("pool1", "MaxPool", {signConv(b)}, pool2());
  y = b.node("sign1", "Sign", {y});
  y = b.node("pool2", "MaxPool", {y}, pool2());
  y = b.node("flat", "Flatten", {y});
  y = b.node("fc", "MatMul", {y, b.constant("W2", {4, 1}, {1, -1, 1, 1})});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'pool2' (MaxPool, #4): error: a layer can have one max pooling only");
}

// Max pooling of the last layer's scores (no binarizer after it): the chip pools bits only.
TEST(Refusals, PoolingOnTheScores) {
  GraphBuilder b({1, 1, 8});
  std::string y = b.node("pool", "MaxPool", {signConv(b)}, pool2());
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'pool' (MaxPool, #2): error: max pooling on the scores of the last "
            "layer is not supported");
}

// x[1, 4] -> Sign -> MatMul: the first layer of the dense models below.
std::string signDense(GraphBuilder &b) {
  std::string a = b.node("sign0", "Sign", {b.input()});
  return b.node("fc", "MatMul", {a, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1})});
}

// Bits that no layer reads, or that an op other than a layer reads.
TEST(Refusals, BinarizedActivationsGoToALayer) {
  GraphBuilder b({1, 4});
  std::string y = b.node("sign1", "Sign", {signDense(b)});
  EXPECT_EQ(compileError(b.finish(y)), "test.onnx: error: value 'sign1:0' is a binarized "
                                       "activation but no Conv, Gemm or MatMul reads it");
  GraphBuilder s({1, 4});
  y = s.node("sign1", "Sign", {signDense(s)});
  y = s.node("sm", "Softmax", {y}, {{"axis", attrInt(1)}});
  y = s.node("fc2", "MatMul", {y, s.constant("W2", {2, 1}, {1, 1})});
  EXPECT_EQ(compileError(s.finish(y)),
            "test.onnx: node 'sm' (Softmax, #3): error: unsupported Softmax here: bnnc expects a "
            "Conv, Gemm or MatMul to read 'sign1:0'");
}

// After the last layer: affine ops, then one Softmax or LogSoftmax, then TopK or ArgMax.
TEST(Refusals, WhatFollowsTheLastLayer) {
  GraphBuilder b({1, 4});
  std::string y = b.node("sm", "Softmax", {signDense(b)}, {{"axis", attrInt(1)}});
  y = b.node("sm2", "Softmax", {y}, {{"axis", attrInt(1)}});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'sm2' (Softmax, #3): error: unsupported Softmax after the last layer "
            "(bnnc accepts per-channel affine ops, then Softmax or LogSoftmax, then TopK or "
            "ArgMax)");
}

// A Softmax over the batch axis would not preserve each sample's argmax: refused.
TEST(Refusals, SoftmaxOverTheClassAxisOnly) {
  GraphBuilder b({1, 4});
  std::string y = b.node("sm", "Softmax", {signDense(b)}, {{"axis", attrInt(0)}});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'sm' (Softmax, #2): error: Softmax must run "
            "over the class axis of a [batch, classes] tensor");
}

// A second graph output (here a constant) is refused before anything else.
TEST(Refusals, OneInputAndOneOutput) {
  GraphBuilder b({1, 4});
  ir::Graph g = b.finish(signDense(b));
  g.outputs.push_back({"W", ir::DType::Float, {4, 2}});
  EXPECT_EQ(compileError(g), "test.onnx: error: bnnc compiles models with one input and one "
                             "output, got 1 inputs and 2 outputs");
}

// A multi-bit activation (FINN's MultiThreshold, 2 bits) binarized again by a Sign: the layer's
// comparators give the code, not its sign, so bnnc refuses the pair instead of guessing.
TEST(Refusals, BinarizerAfterAMultiBitQuantizer) {
  GraphBuilder b({1, 4});
  std::string a = b.node("sign0", "Sign", {b.input()});
  std::string y =
      b.node("fc1", "MatMul", {a, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, -1})});
  y = b.node("mt", "MultiThreshold", {y, b.constant("T", {2, 3}, {-1.5, 0.5, 2, -5, -3, 3.5})},
             {{"out_dtype", ir::Attribute::ofString("UINT2")},
              {"out_scale", attrFloat(1)},
              {"out_bias", attrFloat(-1.5)}},
             "finn.custom_op.general");
  y = b.node("sign1", "Sign", {y});
  y = b.node("fc2", "MatMul", {y, b.constant("V", {2, 1}, {1, -1})});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'sign1' (bnnc::Binarize, #3): error: a binarizer after a multi-bit "
            "quantizer is not supported");
}

// A 9-bit activation quantizer after a layer: 512 levels, more than the 8 bits the comparators
// of a layer produce.
TEST(Refusals, ActivationsOfMoreThanEightBits) {
  GraphBuilder b({1, 4});
  std::string y =
      b.node("q", "Quant",
             {signDense(b), b.constant("s", {}, {0.5}), b.constant("z", {}, {0}),
              b.constant("bw", {}, {9})},
             {{"signed", attrInt(1)}, {"narrow", attrInt(0)}}, "qonnx.custom_op.general");
  y = b.node("fc2", "MatMul", {y, b.constant("V", {2, 1}, {1, -1})});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'q' (qonnx.custom_op.general::Quant, #2): error: 512 activation "
            "levels; bnnc compiles activations of at most 8 bits");
}

} // namespace
} // namespace bnnc::test
