// Exact texts of the input stage's refusals: the quantization options given through the library
// (the CLI's own parser bounds --input-bits first), ops on a raw input that are not affine, and a
// binarizer after an input quantizer.
#include "unit/passes/graph_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// x[1, 4] -> [op] -> MatMul W[4, 2], the raw input read bit-serially.
ir::Graph rawModel(const char *op) {
  GraphBuilder b({1, 4});
  std::string x = op ? b.node("op", op, {b.input()}) : b.input();
  return b.finish(b.node("fc", "MatMul", {x, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1})}));
}

passes::CompileOptions quantization(int bits, double lo, double hi) {
  passes::CompileOptions o;
  o.input_bits = bits, o.input_lo = lo, o.input_hi = hi;
  return o;
}

TEST(InputErrors, QuantizationOptions) {
  EXPECT_EQ(compileError(rawModel(nullptr), quantization(20, 0, 1)),
            "--input-bits: error: must be between 1 and 16, got 20");
  EXPECT_EQ(compileError(rawModel(nullptr), quantization(8, 1, 0)),
            "--input-range: error: needs finite LO < HI, got 1,0");
}

// Relu is affine on [0, 1] but not on [-1, 1].
TEST(InputErrors, OpsOnTheRawInputMustBeAffine) {
  EXPECT_EQ(compileError(rawModel("Relu"), quantization(8, 0, 1)), "");
  EXPECT_EQ(compileError(rawModel("Relu"), quantization(8, -1, 1)),
            "test.onnx: node 'op' (Relu, #0): error: the ops on the raw input are not an affine "
            "function of it");
}

TEST(InputErrors, BinarizerAfterTheInputQuantizer) {
  GraphBuilder b({1, 4});
  std::string y = b.node("mt", "MultiThreshold", {b.input(), b.constant("T", {1, 2}, {0.25, 0.75})},
                         {}, "finn.custom_op.general");
  y = b.node("sign", "Sign", {y});
  y = b.node("fc", "MatMul", {y, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1})});
  EXPECT_EQ(compileError(b.finish(y)), "test.onnx: node 'sign' (Sign, #1): error: a binarizer "
                                       "after the input quantizer is not supported");
}

} // namespace
} // namespace bnnc::test
