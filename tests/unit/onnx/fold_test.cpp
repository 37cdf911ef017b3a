// Constant folding and shape propagation on the subgraphs real exporters write (DOMAIN.md 7).
#include "unit/onnx/model_builder_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::Shape;

std::vector<std::string> ops(const ir::Graph &g) {
  std::vector<std::string> out;
  for (const ir::Node &n : g.nodes)
    out.push_back(n.op);
  return out;
}

// x.view(x.size(0), -1): Shape -> Gather(0) -> Unsqueeze -> Concat(-1) -> Reshape.
ModelBuilder flattenChain(int64_t opset) {
  ModelBuilder m(opset);
  m.input("x", {-1, 2, 3}, "N");
  m.node("Shape", {"x"}, {"s"});
  m.node("Constant", {}, {"zero"}, {attrT("value", int64Tensor({}, {0}))});
  m.node("Gather", {"s", "zero"}, {"n"}, {attrI("axis", 0)});
  if (opset < 13) {
    m.node("Unsqueeze", {"n"}, {"n1"}, {attrInts("axes", {0})});
  } else {
    m.initializerInt64("axes0", {1}, {0});
    m.node("Unsqueeze", {"n", "axes0"}, {"n1"});
  }
  m.node("Constant", {}, {"minus1"}, {attrInts("value_ints", {-1})});
  m.node("Concat", {"n1", "minus1"}, {"shape"}, {attrI("axis", 0)});
  m.node("Reshape", {"x", "shape"}, {"y"}, {}, "reshape");
  m.output("y");
  return m;
}

TEST(Fold, ShapeGatherUnsqueezeConcatReshapeChain) {
  for (int64_t opset : {11, 13}) {
    SCOPED_TRACE("opset " + std::to_string(opset));
    ir::Graph g = flattenChain(opset).import();
    ASSERT_EQ(ops(g), std::vector<std::string>{"Reshape"});
    EXPECT_EQ(g.nodes[0].name, "reshape");
    EXPECT_EQ(g.nodes[0].index, 6); // the source position is kept
    ASSERT_NE(g.constant("shape"), nullptr);
    EXPECT_EQ(g.constant("shape")->data.toDoubles(), (std::vector<double>{1, -1}));
    EXPECT_EQ(g.constant("shape")->dtype(), ir::DType::Int64);
    EXPECT_EQ(g.values.at("s").shape, (Shape{3}));
    EXPECT_EQ(g.outputs[0].shape, (Shape{1, 6}));
    EXPECT_EQ(runFirstOutput(g, {1, 2, 3, 4, 5, 6}), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  }
}

TEST(Fold, SignTransposeMatMulWeights) {
  // F.linear(x, sign(W)) exported as Sign(W) -> Transpose -> MatMul.
  ModelBuilder m(13);
  m.input("x", {1, 2});
  m.initializer("W", {3, 2}, {0.3, -0.1, -2, 5, 0, 1e-3});
  m.node("Sign", {"W"}, {"wb"});
  m.node("Transpose", {"wb"}, {"wt"}, {attrInts("perm", {1, 0})});
  m.node("MatMul", {"x", "wt"}, {"y"}, {}, "fc");
  m.output("y");
  ir::Graph g = m.import();
  ASSERT_EQ(ops(g), std::vector<std::string>{"MatMul"});
  ASSERT_EQ(g.nodes[0].inputs[1], "wt");
  const ir::Tensor *wt = g.constant("wt");
  ASSERT_NE(wt, nullptr);
  EXPECT_EQ(wt->shape, (Shape{2, 3}));
  // sign(W)^T with Sign(0) = 0
  EXPECT_EQ(wt->data.toDoubles(), (std::vector<double>{1, -1, 0, -1, 1, 1}));
  EXPECT_EQ(runFirstOutput(g, {1, 2}), (std::vector<double>{-1, 1, 2}));
}

TEST(Fold, CustomSignThroughConstantOfShape) {
  // torch.where(x >= 0, ones_like(x), -ones_like(x)) as an exporter writes it.
  ModelBuilder m(13);
  m.input("x", {1, 3});
  m.initializer("zero", {}, {0});
  m.node("Shape", {"x"}, {"s"});
  m.node("ConstantOfShape", {"s"}, {"ones"}, {attrT("value", floatTensor({1}, {1}))});
  m.node("Neg", {"ones"}, {"minus"});
  m.node("GreaterOrEqual", {"x", "zero"}, {"ge"});
  m.node("Where", {"ge", "ones", "minus"}, {"y"});
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(ops(g), (std::vector<std::string>{"GreaterOrEqual", "Where"}));
  EXPECT_EQ(g.constant("minus")->data.toDoubles(), (std::vector<double>{-1, -1, -1}));
  EXPECT_EQ(runFirstOutput(g, {-1, 0, 2}), (std::vector<double>{-1, 1, 1}));
}

TEST(Fold, ExpandedBiasAndDetachTrick) {
  // bias via Shape -> Expand -> Add; sign via x + (sign(x) - x)
  ModelBuilder m(13);
  m.input("x", {1, 2});
  m.initializer("b", {2}, {0.5, -0.5});
  m.node("Shape", {"x"}, {"s"});
  m.node("Expand", {"b", "s"}, {"be"});
  m.node("Add", {"x", "be"}, {"h"});
  m.node("Sign", {"h"}, {"sg"});
  m.node("Sub", {"sg", "h"}, {"d"});
  m.node("Add", {"h", "d"}, {"y"});
  m.output("y");
  ir::Graph g = m.import();
  EXPECT_EQ(ops(g), (std::vector<std::string>{"Add", "Sign", "Sub", "Add"}));
  EXPECT_EQ(g.constant("be")->shape, (Shape{1, 2}));
  EXPECT_EQ(runFirstOutput(g, {1.5, -0.5}), (std::vector<double>{1, -1}));
  EXPECT_EQ(runFirstOutput(g, {-0.5, 0.5}), (std::vector<double>{0, 0}));
}

TEST(Fold, IdentityOnInitializerAndConstantOutput) {
  // Identity nodes pointing at de-duplicated initializers fold away; a graph output that
  // becomes constant is still returned.
  ModelBuilder m(13);
  m.input("x", {1, 2});
  m.initializer("w", {2}, {2, 3});
  m.node("Identity", {"w"}, {"w2"});
  m.node("Mul", {"x", "w2"}, {"y"});
  m.node("Identity", {"w"}, {"z"});
  m.output("y");
  m.output("z");
  ir::Graph g = m.import();
  EXPECT_EQ(ops(g), std::vector<std::string>{"Mul"});
  EXPECT_EQ(g.outputs[1].shape, (Shape{2}));
  EXPECT_EQ(runFirstOutput(g, {1, 1}), (std::vector<double>{2, 3}));
}

} // namespace
} // namespace bnnc::test
