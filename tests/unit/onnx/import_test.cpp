// Importing whole models: metadata, node naming, the graph input and its batch dimension,
// graph.values, and small networks run end to end against hand-computed outputs.
#include "unit/onnx/model_builder_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::Shape;

// x[1,2] -> Gemm(W[3,2], transB) + b -> Relu -> y[1,3]
ModelBuilder linearRelu(int64_t batch = 1, const std::string &batch_param = "") {
  ModelBuilder m(13);
  m.input("x", {batch, 2}, batch_param);
  m.initializer("W", {3, 2}, {1, 2, -1, 0, 0.5, 0.5});
  m.initializer("b", {3}, {0, 1, -1});
  m.node("Gemm", {"x", "W", "b"}, {"h"}, {attrI("transB", 1)}, "fc");
  m.node("Relu", {"h"}, {"y"});
  m.output("y");
  return m;
}

TEST(Import, MetadataNamesAndShapes) {
  ir::Graph g = linearRelu().import("dir/model.onnx");
  EXPECT_EQ(g.source, "dir/model.onnx");
  EXPECT_EQ(g.producer, "bnnc-test 1.0");
  EXPECT_EQ(g.name, "test_graph");
  EXPECT_EQ(g.opset, 13);
  ASSERT_EQ(g.nodes.size(), 2u);
  EXPECT_EQ(g.nodes[0].name, "fc");
  EXPECT_EQ(g.nodes[1].name, "Relu_1"); // unnamed: <op>_<index>
  EXPECT_EQ(g.nodes[1].index, 1);
  ASSERT_EQ(g.inputs.size(), 1u);
  EXPECT_EQ(g.inputs[0].shape, (Shape{1, 2}));
  EXPECT_EQ(g.outputs[0].shape, (Shape{1, 3}));
  EXPECT_EQ(g.outputs[0].dtype, ir::DType::Float);
  // every value has a shape: input, initializers, intermediates, output
  for (const char *name : {"x", "W", "b", "h", "y"})
    EXPECT_EQ(g.values.count(name), 1u) << name;
  EXPECT_EQ(g.values.at("h").shape, (Shape{1, 3}));
  EXPECT_EQ(g.values.at("W").shape, (Shape{3, 2}));
}

TEST(Import, RunsLinearRelu) {
  ir::Graph g = linearRelu().import();
  // h = [1*1 + 2*2 + 0, -1*1 + 0*2 + 1, 0.5 + 1 - 1] = [5, 0, 0.5]
  EXPECT_EQ(runFirstOutput(g, {1, 2}), (std::vector<double>{5, 0, 0.5}));
  EXPECT_EQ(runFirstOutput(g, {-1, -1}), (std::vector<double>{0, 2, 0}));
}

TEST(Import, DynamicOrLargeBatchBecomesOne) {
  EXPECT_EQ(linearRelu(1, "N").import().inputs[0].shape, (Shape{1, 2}));
  EXPECT_EQ(linearRelu(-1).import().inputs[0].shape, (Shape{1, 2}));
  Diagnostics diag;
  ir::Graph g = linearRelu(64).import(diag);
  EXPECT_EQ(g.inputs[0].shape, (Shape{1, 2}));
  ASSERT_EQ(diag.warnings.size(), 1u);
  EXPECT_EQ(diag.warnings[0], "m.onnx: input 'x': warning: batch dimension 64 is replaced by 1 "
                              "(bnnc runs one sample at a time)");
}

TEST(Import, GraphInputsThatAreInitializersAreConstants) {
  ModelBuilder m = linearRelu();
  pb::ValueInfoProto *w = m.proto().mutable_graph()->add_input();
  w->set_name("W");
  w->mutable_type()->mutable_tensor_type()->set_elem_type(pb::TensorProto::FLOAT);
  ir::Graph g = m.import();
  ASSERT_EQ(g.inputs.size(), 1u);
  EXPECT_EQ(g.inputs[0].name, "x");
  EXPECT_NE(g.constant("W"), nullptr);
}

TEST(Import, OpsetOutsideTestedRangeWarns) {
  ModelBuilder m(18);
  m.input("x", {1, 2});
  m.node("Relu", {"x"}, {"y"});
  m.output("y");
  Diagnostics diag;
  m.import(diag);
  ASSERT_EQ(diag.warnings.size(), 1u);
  EXPECT_EQ(diag.warnings[0],
            "m.onnx: warning: opset 18 is outside the range bnnc is tested with (9 to 17)");
}

TEST(Import, SmallCnnEndToEnd) {
  // x[1,1,4,4] -> Conv(2 filters 2x2) -> BN -> Sign -> MaxPool 3x3 -> Flatten
  ModelBuilder m(11);
  m.input("x", {-1, 1, 4, 4}, "batch");
  m.initializer("w", {2, 1, 2, 2}, {1, 1, 1, 1, 1, -1, 0, 0});
  m.initializer("gamma", {2}, {1, -1});
  m.initializer("beta", {2}, {0, 0});
  m.initializer("mean", {2}, {10, 0});
  m.initializer("var", {2}, {1, 1});
  m.node("Conv", {"x", "w"}, {"c"}, {attrInts("kernel_shape", {2, 2})}, "conv");
  m.node("BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"bn"},
         {attrF("epsilon", 1e-5f)}, "bn");
  m.node("Sign", {"bn"}, {"s"});
  m.node("MaxPool", {"s"}, {"p"}, {attrInts("kernel_shape", {3, 3})}, "pool");
  m.node("Flatten", {"p"}, {"y"});
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(g.outputs[0].shape, (Shape{1, 2}));
  EXPECT_EQ(g.values.at("c").shape, (Shape{1, 2, 3, 3}));
  // x = 1..16 (row-major 4x4). Filter 0 sums a 2x2 window: 14, 18, 22 / 30, 34, 38 / ...,
  // minus mean 10 is positive everywhere -> +1. Filter 1 is x[i][j] - x[i][j+1] = -1 < 0,
  // negated by gamma -1 -> +1 as well; pooled -> [1, 1].
  std::vector<double> x(16);
  for (int i = 0; i < 16; ++i)
    x[i] = i + 1;
  EXPECT_EQ(runFirstOutput(g, x), (std::vector<double>{1, 1}));
  // x = 0: filter 0 gives -10 -> -1; filter 1 gives 0, BN 0, Sign(0) = 0.
  EXPECT_EQ(runFirstOutput(g, std::vector<double>(16, 0.0)), (std::vector<double>{-1, 0}));
}

} // namespace
} // namespace bnnc::test
