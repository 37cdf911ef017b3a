// The memory bound of a graph run: the values runGraph holds may not pass kMaxRunElements (a
// small bound here). Allocating kernels are stopped before they allocate, copying ones (Identity)
// right after.
#include "unit/ir/eval_util.h"

#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// x[1,4] -> Neg -> a -> Identity -> b -> Neg -> c: 4 + 4 + 4 + 4 elements after each node.
ir::Graph chain() {
  ir::Graph g;
  g.source = "t.onnx";
  g.opset = 13;
  g.inputs.push_back({"x", ir::DType::Float, {1, 4}});
  const char *steps[][3] = {{"Neg", "x", "a"}, {"Identity", "a", "b"}, {"Neg", "b", "c"}};
  int index = 0;
  for (auto &s : steps) {
    ir::Node n;
    n.op = s[0];
    n.name = std::string(s[0]) + std::to_string(index);
    n.index = index++;
    n.inputs = {s[1]};
    n.outputs = {s[2]};
    g.nodes.push_back(n);
  }
  return g;
}

std::string runError(int64_t limit) {
  try {
    ir::runGraph(chain(), floats({1, 4}, {1, 2, 3, 4}), limit);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(RunLimit, ValuesOfOneSampleAreBounded) {
  EXPECT_EQ(runError(16), ""); // exactly at the bound
  // Neg allocates: refused before the allocation that would pass the bound.
  EXPECT_EQ(runError(15), "t.onnx: node 'Neg2' (Neg, #2): error: output shape [1,4] would bring "
                          "the values computed for one sample to 16 elements, more than 15");
  // Identity copies its input without allocating through the kernel check.
  EXPECT_EQ(runError(11), "t.onnx: node 'Identity1' (Identity, #1): error: its outputs bring the "
                          "values computed for one sample to 12 elements, more than 11");
  EXPECT_EQ(runError(7), "t.onnx: node 'Neg0' (Neg, #0): error: output shape [1,4] would bring the "
                         "values computed for one sample to 8 elements, more than 7");
  EXPECT_EQ(ir::kMaxRunElements, int64_t(1) << 29);
}

// Found by fuzzing the IDX loader: a zero after dimensions whose product saturates made an
// empty shape count as INT64_MAX elements.
TEST(RunLimit, NumelOfAnEmptyShapeWithHugeDimensions) {
  const int64_t big = int64_t(1) << 40;
  EXPECT_EQ(ir::numel({big, big, 0}), 0);
  EXPECT_EQ(ir::numel({big, big, 2}), INT64_MAX);
}

} // namespace
} // namespace bnnc::test
