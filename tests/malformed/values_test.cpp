// Hostile numbers inside well-formed ONNX models: NaN and infinite weights, biases and
// batch-norm statistics, a negative variance, a non-positive epsilon, weights that are not
// binary.
#include "malformed/malformed_util.h"
#include "unit/onnx/model_builder_util.h"

#include <gtest/gtest.h>
#include <limits>

namespace bnnc::test {
namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

void expectCompileError(const TempDir &tmp, const ModelBuilder &b, const std::string &name,
                        const std::string &message_after_path) {
  std::string model = tmp.path(name), out = tmp.path("o.bnn");
  saveBytes(model, b.bytes());
  expectFailure({"compile", model, "-o", out}, 1, model + message_after_path, {out});
}

// x[N,4] binarized (#0, #1) -> MatMul 'fc' (#2) with W[4,2] -> y.
ModelBuilder linear(const std::vector<float> &w) {
  ModelBuilder b;
  binarizedInput(b, {-1, 4});
  b.initializer("W", {4, 2}, w);
  b.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  b.output("y");
  return b;
}

// x binarized (#0, #1) -> MatMul 'fc1' (#2) -> BatchNormalization 'bn1' (#3) -> GreaterOrEqual
// (#4) + Where (#5) -> MatMul 'fc2' (#6) -> y.
ModelBuilder withBatchNorm(const std::vector<float> &scale, const std::vector<float> &bias,
                           const std::vector<float> &mean, const std::vector<float> &var,
                           float eps = 1e-5f) {
  ModelBuilder b;
  binarizedInput(b, {-1, 4});
  b.initializer("W", {4, 2}, {1, -1, 1, 1, -1, 1, -1, -1});
  b.initializer("g", {2}, scale).initializer("b", {2}, bias);
  b.initializer("mu", {2}, mean).initializer("var", {2}, var);
  b.initializer("W2", {2, 3}, {1, -1, 1, -1, 1, 1});
  b.node("MatMul", {"s", "W"}, {"h"}, {}, "fc1");
  b.node("BatchNormalization", {"h", "g", "b", "mu", "var"}, {"n"}, {attrF("epsilon", eps)}, "bn1");
  b.node("GreaterOrEqual", {"n", "zero"}, {"ge1"}, {}, "ge1");
  b.node("Where", {"ge1", "one", "minus"}, {"a"}, {}, "bin1");
  b.node("MatMul", {"a", "W2"}, {"y"}, {}, "fc2");
  b.output("y");
  return b;
}

TEST(MalformedValues, NaNAndInfiniteWeights) {
  TempDir tmp;
  expectCompileError(tmp, linear({1, -1, kNaN, 1, -1, 1, -1, -1}), "nan_w.onnx",
                     ": node 'fc' (MatMul, #2): error: weight 'W' holds nan in output channel 0");
  expectCompileError(tmp, linear({1, -1, 1, 1, -kInf, 1, -1, -1}), "inf_w.onnx",
                     ": node 'fc' (MatMul, #2): error: weight 'W' holds -inf in output channel 0");
}

TEST(MalformedValues, NonBinaryWeights) {
  TempDir tmp;
  expectCompileError(
      tmp, linear({1, -1, 1, 1, -1, 1, 0.3f, -1}), "float.onnx",
      ": node 'fc' (MatMul, #2): error: weight 'W' is neither binary nor quantized: "
      "output channel 0 holds 3 distinct values (-1, 0.3, 1), not a scale "
      "times integers of at most 8 bits (bnnc compile --binarize binarizes a float model)");
}

TEST(MalformedValues, BatchNormStatistics) {
  TempDir tmp;
  const std::string bn = ": node 'bn1' (BatchNormalization, #3): error: ";
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, 0}, {0, 0}, {1, kNaN}), "var_nan.onnx",
                     bn + "input_var holds nan at index 1; it must be a finite number");
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, 0}, {kInf, 0}, {1, 1}), "mean_inf.onnx",
                     bn + "input_mean holds inf at index 0; it must be a finite number");
  expectCompileError(tmp, withBatchNorm({kNaN, 1}, {0, 0}, {0, 0}, {1, 1}), "scale_nan.onnx",
                     bn + "scale holds nan at index 0; it must be a finite number");
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, -kInf}, {0, 0}, {1, 1}), "bias_inf.onnx",
                     bn + "B holds -inf at index 1; it must be a finite number");
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, 0}, {0, 0}, {1, -2}), "var_neg.onnx",
                     bn + "input_var holds -2 at index 1; variance + epsilon must be positive");
}

TEST(MalformedValues, BiasOfTheLinearOp) {
  TempDir tmp;
  ModelBuilder b;
  binarizedInput(b, {-1, 4});
  b.initializer("W", {2, 4}, {1, -1, 1, 1, -1, 1, -1, -1}).initializer("C", {2}, {0, kNaN});
  b.node("Gemm", {"s", "W", "C"}, {"y"}, {attrI("transB", 1)}, "fc");
  b.output("y");
  expectCompileError(tmp, b, "gemm_bias.onnx",
                     ": node 'fc' (Gemm, #2): error: the bias of output channel 1 is nan; it must "
                     "be a finite number");
}

TEST(MalformedValues, DivisionByZeroAndRawDataSize) {
  TempDir tmp;
  ModelBuilder div;
  binarizedInput(div, {-1, 4});
  div.initializer("W", {4, 2}, {1, -1, 1, 1, -1, 1, -1, -1}).initializer("c", {2}, {2, 0});
  div.initializer("W2", {2, 3}, {1, -1, 1, -1, 1, 1});
  div.node("MatMul", {"s", "W"}, {"h"}, {}, "fc1");
  div.node("Div", {"h", "c"}, {"n"}, {}, "div");
  div.node("GreaterOrEqual", {"n", "zero"}, {"ge1"}, {}, "ge1");
  div.node("Where", {"ge1", "one", "minus"}, {"a"}, {}, "bin1");
  div.node("MatMul", {"a", "W2"}, {"y"}, {}, "fc2");
  div.output("y");
  expectCompileError(tmp, div, "div0.onnx",
                     ": node 'div' (Div, #3): error: input 1 ('c') holds 0 at index 1; a divisor "
                     "must not be 0");
  ModelBuilder raw = linear({1, -1, 1, 1, -1, 1, -1, -1});
  raw.proto().mutable_graph()->mutable_initializer(3)->clear_float_data();
  raw.proto().mutable_graph()->mutable_initializer(3)->set_raw_data(std::string(12, '\0'));
  expectCompileError(tmp, raw, "raw.onnx",
                     ": initializer 'W': error: raw_data has 12 bytes, expected 32 for 8 FLOAT "
                     "elements");
}

TEST(MalformedValues, NaNThresholdOfABinarizer) {
  TempDir tmp;
  ModelBuilder b;
  b.input("x", {-1, 4});
  b.initializer("t", {}, {kNaN}).initializer("one", {}, {1}).initializer("minus", {}, {-1});
  b.initializer("W", {4, 2}, {1, -1, 1, 1, -1, 1, -1, -1});
  b.node("GreaterOrEqual", {"x", "t"}, {"ge"}, {}, "ge");
  b.node("Where", {"ge", "one", "minus"}, {"s"}, {}, "bin");
  b.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  b.output("y");
  expectCompileError(tmp, b, "nan_threshold.onnx",
                     ": node 'bin' (Where, #1): error: the binarizer's threshold is nan");
}

TEST(MalformedValues, Epsilon) {
  TempDir tmp;
  const std::string bn = ": node 'bn1' (BatchNormalization, #3): error: ";
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, 0}, {0, 0}, {1, 1}, 0), "eps0.onnx",
                     bn + "epsilon must be positive, got 0");
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, 0}, {0, 0}, {1, 1}, -1e-5f), "eps_neg.onnx",
                     bn + "epsilon must be positive, got -1e-05");
  expectCompileError(tmp, withBatchNorm({1, 1}, {0, 0}, {0, 0}, {1, 1}, kNaN), "eps_nan.onnx",
                     bn + "epsilon must be positive, got nan");
}

} // namespace
} // namespace bnnc::test
