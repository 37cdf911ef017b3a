// Ops whose form depends on the opset or on a custom domain, imported from ONNX and run.
#include "unit/onnx/model_builder_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::Shape;

TEST(OpsImport, ClipAttributeFormOpset9) {
  ModelBuilder m(9);
  m.input("x", {1, 4});
  m.node("Clip", {"x"}, {"y"}, {attrF("min", -1), attrF("max", 1)}, "hardtanh");
  m.output("y");
  EXPECT_EQ(runFirstOutput(m.import(), {-3, -0.5, 0.25, 7}),
            (std::vector<double>{-1, -0.5, 0.25, 1}));
}

TEST(OpsImport, ClipInputFormOpset13WithAbsentMin) {
  ModelBuilder m(13);
  m.input("x", {1, 4});
  m.initializer("hi", {}, {1});
  m.node("Clip", {"x", "", "hi"}, {"y"});
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(g.nodes[0].inputs, (std::vector<std::string>{"x", "", "hi"}));
  EXPECT_EQ(runFirstOutput(g, {-3, -0.5, 0.25, 7}), (std::vector<double>{-3, -0.5, 0.25, 1}));
}

TEST(OpsImport, SoftmaxDependsOnOpset) {
  for (int64_t opset : {11, 13}) {
    ModelBuilder m(opset);
    m.input("x", {1, 2, 2});
    m.node("Softmax", {"x"}, {"y"});
    m.output("y");
    double expected = opset == 11 ? 0.25 : 0.5; // over all 4 values vs along the last axis
    EXPECT_EQ(runFirstOutput(m.import(), {1, 1, 1, 1}), std::vector<double>(4, expected))
        << "opset " << opset;
  }
}

TEST(OpsImport, QonnxBipolarQuant) {
  ModelBuilder m(13);
  m.input("x", {1, 3});
  m.initializer("scale", {}, {1});
  m.node("BipolarQuant", {"x", "scale"}, {"y"}, {}, "q", "qonnx.custom_op.general");
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(g.nodes[0].domain, "qonnx.custom_op.general");
  EXPECT_EQ(runFirstOutput(g, {-0.1, 0, 0.1}), (std::vector<double>{-1, 1, 1}));
}

TEST(OpsImport, FinnMultiThresholdAfterMatMul) {
  // FINN-ONNX: MatMul with bipolar weights, then a per-channel threshold to {-1, +1}.
  ModelBuilder m(11);
  m.input("x", {1, 2});
  m.initializer("W", {2, 2}, {1, -1, 1, 1});
  m.initializer("T", {2, 1}, {0, 2});
  m.node("MatMul", {"x", "W"}, {"h"});
  m.node("MultiThreshold", {"h", "T"}, {"y"},
         {attrF("out_scale", 2), attrF("out_bias", -1), attrS("out_dtype", "BIPOLAR")}, "thr",
         "finn.custom_op.general");
  m.output("y");
  // x = [1, 1]: h = [2, 0]; ch0 2 >= 0 -> +1, ch1 0 >= 2 fails -> -1
  EXPECT_EQ(runFirstOutput(m.import(), {1, 1}), (std::vector<double>{1, -1}));
}

TEST(OpsImport, SqueezeAttributeFormAndDropoutOpset9) {
  ModelBuilder m(9);
  m.input("x", {1, 3, 1});
  m.node("Dropout", {"x"}, {"d", "mask"}, {attrF("ratio", 0.5f)});
  m.node("Squeeze", {"d"}, {"y"}, {attrInts("axes", {2})});
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(g.outputs[0].shape, (Shape{1, 3}));
  EXPECT_EQ(g.values.at("mask").dtype, ir::DType::Bool);
  EXPECT_EQ(runFirstOutput(g, {1, 2, 3}), (std::vector<double>{1, 2, 3}));
}

TEST(OpsImport, AiOnnxDomainIsTheDefault) {
  ModelBuilder m(13);
  m.input("x", {1, 2});
  m.node("Relu", {"x"}, {"y"}).set_domain("ai.onnx");
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(g.nodes[0].domain, "");
}

} // namespace
} // namespace bnnc::test
