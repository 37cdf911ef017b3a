// Exact texts of canonicalize-binarizers' refusals: QONNX and FINN binarizers whose scale or
// thresholds do not make two levels bnnc can place.
#include "unit/passes/graph_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

const char *kQonnx = "qonnx.custom_op.general", *kFinn = "finn.custom_op.general";

// x[1, 4] -> `binarizer` -> MatMul W[4, 2]
std::string errorOf(GraphBuilder &b, const std::string &binarized) {
  std::string y =
      b.node("fc", "MatMul", {binarized, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1})});
  return compileError(b.finish(y));
}

TEST(BinarizerErrors, BipolarQuantScale) {
  GraphBuilder v({1, 4});
  std::string y =
      v.node("bq", "BipolarQuant", {v.input(), v.constant("s", {4}, {1, 1, 1, 1})}, {}, kQonnx);
  EXPECT_EQ(errorOf(v, y), "test.onnx: node 'bq' (qonnx.custom_op.general::BipolarQuant, #0): "
                           "error: the scale of BipolarQuant must be a constant scalar");
  GraphBuilder n({1, 4});
  y = n.node("bq", "BipolarQuant", {n.input(), n.constant("s", {}, {-1})}, {}, kQonnx);
  EXPECT_EQ(errorOf(n, y), "test.onnx: node 'bq' (qonnx.custom_op.general::BipolarQuant, #0): "
                           "error: the scale of BipolarQuant must be positive, got -1");
}

std::string quant1(GraphBuilder &b, ir::Shape scale_shape, std::vector<double> scale) {
  return b.node("q", "Quant",
                {b.input(), b.constant("s", scale_shape, scale), b.constant("z", {}, {0}),
                 b.constant("bw", {}, {1})},
                {{"signed", attrInt(1)}}, kQonnx);
}

TEST(BinarizerErrors, OneBitQuantScale) {
  GraphBuilder v({1, 4});
  EXPECT_EQ(errorOf(v, quant1(v, {4}, {1, 1, 1, 1})),
            "test.onnx: node 'q' (qonnx.custom_op.general::Quant, #0): error: a 1-bit Quant needs "
            "a constant scalar scale and zero point (a per-channel scale on binary activations is "
            "not supported)");
  GraphBuilder n({1, 4});
  EXPECT_EQ(errorOf(n, quant1(n, {}, {-2})),
            "test.onnx: node 'q' (qonnx.custom_op.general::Quant, #0): error: the scale of a "
            "1-bit Quant must be positive and the zero point finite, got scale -2, zero point 0");
}

TEST(BinarizerErrors, MultiThresholdThresholdsAndScale) {
  GraphBuilder v({1, 4});
  std::string t = v.node("tr", "Transpose", {v.input()});
  std::string y = v.node("mt", "MultiThreshold", {v.input(), t}, {}, kFinn);
  EXPECT_EQ(errorOf(v, y), "test.onnx: node 'mt' (finn.custom_op.general::MultiThreshold, #1): "
                           "error: the thresholds of MultiThreshold must be constant");
  GraphBuilder z({1, 4});
  y = z.node("mt", "MultiThreshold", {z.input(), z.constant("T", {1, 1}, {0})},
             {{"out_scale", attrFloat(0)}}, kFinn);
  EXPECT_EQ(errorOf(z, y), "test.onnx: node 'mt' (finn.custom_op.general::MultiThreshold, #0): "
                           "error: MultiThreshold with out_scale 0 is a constant");
}

} // namespace
} // namespace bnnc::test
