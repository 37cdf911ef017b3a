// Tensor and graph helpers, the op schema check, runGraph and the multi-threaded batch runner
// (on as many threads as asked: ThreadWatch).
#include "unit/ir/eval_util.h"

#include "bnnc/support/error.h"
#include "bnnc/support/parallel.h"

#include <gtest/gtest.h>

#include <random>

namespace bnnc::test {
namespace {

using ir::Shape;

TEST(Tensor, Helpers) {
  EXPECT_EQ(ir::numel({2, 3, 4}), 24);
  EXPECT_EQ(ir::numel({}), 1);
  EXPECT_EQ(ir::numel({3, 0}), 0);
  EXPECT_EQ(ir::numel({int64_t(1) << 40, int64_t(1) << 40}), INT64_MAX); // saturates
  EXPECT_EQ(ir::shapeString({1, 28, 28}), "[1,28,28]");
  EXPECT_EQ(ir::shapeString({}), "[]");
  EXPECT_EQ(ir::dtypeName(ir::DType::Bool), "bool");
}

// x[1,3] -> Mul(x, w) -> "m" -> Relu -> "y"; w = [1, -2, 3]
ir::Graph smallGraph() {
  ir::Graph g;
  g.source = "g.onnx";
  g.opset = 13;
  g.constants["w"] = floats({3}, {1, -2, 3});
  g.inputs.push_back({"x", ir::DType::Float, {1, 3}});
  ir::Node mul = makeNode("Mul", 0);
  mul.name = "mul";
  mul.index = 0;
  mul.inputs = {"x", "w"};
  mul.outputs = {"m"};
  ir::Node relu = makeNode("Relu", 0);
  relu.name = "relu";
  relu.index = 1;
  relu.inputs = {"m"};
  relu.outputs = {"y"};
  g.nodes = {mul, relu};
  g.outputs.push_back({"y", ir::DType::Float, {1, 3}});
  return g;
}

TEST(Graph, LookupHelpers) {
  ir::Graph g = smallGraph();
  EXPECT_EQ(g.where(g.nodes[1]), "g.onnx: node 'relu' (Relu, #1)");
  ir::Node q = makeNode("BipolarQuant", 2, {}, "qonnx.custom_op.general");
  EXPECT_EQ(g.where(q), "g.onnx: node 'n' (qonnx.custom_op.general::BipolarQuant, #3)");
  ASSERT_NE(g.constant("w"), nullptr);
  EXPECT_EQ(g.constant("m"), nullptr);
  ASSERT_EQ(g.consumers("m").size(), 1u);
  EXPECT_EQ(g.consumers("m")[0]->name, "relu");
  EXPECT_TRUE(g.consumers("y").empty());
  EXPECT_EQ(g.producerOf("m")->name, "mul");
  EXPECT_EQ(g.producerOf("x"), nullptr);
  EXPECT_EQ(g.nodes[0].attrInt("missing", 7), 7);
}

TEST(CheckNode, SchemaErrors) {
  ir::Graph g = smallGraph();
  auto error = [&](const ir::Node &n) {
    try {
      ir::checkNode(g, n);
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error(makeNode("LSTM", 3)), "g.onnx: node 'n' (LSTM, #3): error: unsupported op LSTM");
  EXPECT_EQ(error(makeNode("FloatQuant", 6, {}, "qonnx.custom_op.general")),
            "g.onnx: node 'n' (qonnx.custom_op.general::FloatQuant, #3): error: unsupported op "
            "qonnx.custom_op.general::FloatQuant");
  EXPECT_EQ(error(makeNode("Relu", 1, {{"alpha", attrFloat(1)}})),
            "g.onnx: node 'n' (Relu, #3): error: unsupported attribute 'alpha' for Relu");
  EXPECT_EQ(error(makeNode("Flatten", 1, {{"axis", attrFloat(1)}})),
            "g.onnx: node 'n' (Flatten, #3): error: attribute 'axis' must be of type int, got "
            "float");
  EXPECT_EQ(error(makeNode("Add", 3)), "g.onnx: node 'n' (Add, #3): error: Add takes 2 inputs, "
                                       "got 3");
  EXPECT_EQ(error(makeNode("Relu", 1, {}, "", 2)),
            "g.onnx: node 'n' (Relu, #3): error: Relu has 1 outputs, got 2");
  EXPECT_EQ(error(makeNode("Concat", 5, {{"axis", attrInt(0)}})), "");
  EXPECT_NE(ir::findOp("", "Conv"), nullptr);
  // The QONNX model zoo's first exports wrote QONNX ops without a domain: they are known there.
  EXPECT_NE(ir::findOp("", "BipolarQuant"), nullptr);
  EXPECT_EQ(ir::findOp("", "QuantizeLinear"), nullptr);
}

TEST(RunGraph, ComputesEveryValue) {
  ir::Graph g = smallGraph();
  std::map<std::string, ir::Tensor> v = ir::runGraph(g, floats({1, 3}, {2, 1, -1}));
  EXPECT_EQ(v.at("m").data.toDoubles(), (std::vector<double>{2, -2, -3}));
  EXPECT_EQ(v.at("y").data.toDoubles(), (std::vector<double>{2, 0, 0}));
  EXPECT_EQ(v.count("w"), 0u); // constants are not returned
  try {
    ir::runGraph(g, floats({1, 2}, {1, 2}));
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "g.onnx: input 'x': error: expected float [1,3], got float [1,2]");
  }
}

// Graphs the importer never builds (it checks inputs and dataflow first), run anyway: each is an
// error naming the graph or the node, not a crash.
TEST(RunGraph, GraphsTheImporterRefuses) {
  auto error = [](const ir::Graph &g) {
    try {
      ir::runGraph(g, floats({1, 3}, {1, 2, 3}));
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  ir::Graph two = smallGraph();
  two.inputs.push_back({"x2", ir::DType::Float, {1, 3}});
  EXPECT_EQ(error(two), "g.onnx: error: the graph has 2 inputs, expected 1");
  ir::Graph dangling = smallGraph();
  dangling.nodes[1].inputs = {"nowhere"};
  EXPECT_EQ(error(dangling), "g.onnx: node 'relu' (Relu, #1): error: input 'nowhere' is not "
                             "available");
  ir::Graph no_output = smallGraph();
  no_output.outputs.clear();
  try {
    ir::runGraphBatch(no_output, {1, 2, 3}, 1, 1);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "g.onnx: error: the graph needs one input and an output");
  }
}

TEST(RunGraphBatch, SameResultForAnyThreadCount) {
  const unsigned seed = 42;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1, 1);
  ir::Graph g = smallGraph();
  const int64_t count = 37;
  std::vector<float> inputs(count * 3);
  for (float &v : inputs)
    v = dist(rng);
  std::vector<float> one = ir::runGraphBatch(g, inputs, count, 1);
  ASSERT_EQ(one.size(), size_t(count * 3));
  for (int64_t s = 0; s < count; ++s)
    for (int64_t i = 0; i < 3; ++i) {
      float w = i == 0 ? 1.0f : i == 1 ? -2.0f : 3.0f;
      EXPECT_EQ(one[s * 3 + i], std::max(0.0f, inputs[s * 3 + i] * w))
          << "seed " << seed << " sample " << s;
    }
  for (int threads : {3, 8}) {
    ThreadWatch watch;
    EXPECT_EQ(ir::runGraphBatch(g, inputs, count, threads), one) << threads << " threads";
    EXPECT_EQ(watch.threads(), size_t(threads)) << "the batch ran on fewer threads";
  }
  EXPECT_TRUE(ir::runGraphBatch(g, {}, 0, 2).empty());
}

TEST(RunGraphBatch, Errors) {
  ir::Graph g = smallGraph();
  try {
    ir::runGraphBatch(g, std::vector<float>(5), 2, 1);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "g.onnx: error: 2 samples of shape [1,3] need 6 input values, got 5");
  }
  // A data-dependent failure in a later sample (an integer division by zero) is reported
  // from whichever thread ran it, and stops the batch.
  ir::Graph d = smallGraph();
  d.nodes[0] = makeNode("Cast", 0, {{"to", attrInt(7)}});
  d.nodes[0].name = "cast";
  d.nodes[0].inputs = {"x"};
  d.nodes[0].outputs = {"m"};
  d.nodes[1] = makeNode("Div", 0);
  d.nodes[1].name = "div";
  d.nodes[1].index = 1;
  d.nodes[1].inputs = {"one", "m"};
  d.nodes[1].outputs = {"y"};
  d.constants["one"] = ints({}, {1});
  std::vector<float> in(30, 1.0f);
  in[20] = 0.0f; // sample 6
  try {
    ir::runGraphBatch(d, in, 10, 3);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "g.onnx: node 'div' (Div, #1): error: integer division by zero");
  }
  g.outputs[0].name = "nowhere";
  try {
    ir::runGraphBatch(g, std::vector<float>(3), 1, 1);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "g.onnx: output 'nowhere': error: not produced by any node, constant "
                           "or the graph input");
  }
}

} // namespace
} // namespace bnnc::test
