// Elementwise ops: broadcasting, float32 rounding, int64 arithmetic, comparisons, Where and the
// unary ops, with hand-computed values.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::test {
namespace {

using ir::DType;
using ir::Shape;

TEST(Elementwise, AddBroadcastsRowAgainstMatrix) {
  ir::Tensor y =
      eval1(makeNode("Add", 2), {floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({3}, {10, 20, 30})});
  EXPECT_EQ(y.shape, (Shape{2, 3}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{11, 22, 33, 14, 25, 36}));
}

TEST(Elementwise, BroadcastsBothOperands) {
  // [2,1] - [1,3] -> [2,3]: out[i][j] = a[i] - b[j]
  ir::Tensor y = eval1(makeNode("Sub", 2), {floats({2, 1}, {1, 2}), floats({1, 3}, {1, 2, 3})});
  EXPECT_EQ(y.shape, (Shape{2, 3}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{0, -1, -2, 1, 0, -1}));
}

TEST(Elementwise, ScalarAndRank3Broadcast) {
  ir::Tensor y = eval1(makeNode("Mul", 2), {floats({}, {2}), floats({2, 1, 2}, {1, 2, 3, 4})});
  EXPECT_EQ(y.shape, (Shape{2, 1, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{2, 4, 6, 8}));
  // [2,1,2] * [3,1] -> [2,3,2]
  ir::Tensor z =
      eval1(makeNode("Mul", 2), {floats({2, 1, 2}, {1, 2, 3, 4}), floats({3, 1}, {1, 10, 100})});
  EXPECT_EQ(z.shape, (Shape{2, 3, 2}));
  EXPECT_EQ(z.data.toDoubles(),
            (std::vector<double>{1, 2, 10, 20, 100, 200, 3, 4, 30, 40, 300, 400}));
}

TEST(Elementwise, FloatResultsAreRoundedToFloat32) {
  ir::Tensor y = eval1(makeNode("Add", 2), {floats({}, {0.1}), floats({}, {0.2})});
  EXPECT_EQ(y.data[0], double(0.1f + 0.2f));
  EXPECT_NE(y.data[0], double(0.1f) + double(0.2f)); // the double sum differs
  ir::Tensor d = eval1(makeNode("Div", 2), {floats({}, {1}), floats({}, {3})});
  EXPECT_EQ(d.data[0], double(1.0f / 3.0f));
}

TEST(Elementwise, Int64ArithmeticTruncatesDivision) {
  ir::Tensor y = eval1(makeNode("Div", 2), {ints({3}, {-7, 7, 9}), ints({3}, {2, -2, 3})});
  EXPECT_EQ(y.dtype(), DType::Int64);
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{-3, -3, 3}));
  ir::Tensor s = eval1(makeNode("Add", 2), {ints({2}, {5, 6}), ints({}, {-10})});
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{-5, -4}));
}

TEST(Elementwise, Errors) {
  EXPECT_EQ(evalError(makeNode("Div", 2), {ints({1}, {1}), ints({1}, {0})}),
            "t.onnx: node 'n' (Div, #3): error: integer division by zero");
  EXPECT_EQ(
      evalError(makeNode("Add", 2), {floats({2, 3}, std::vector<double>(6)), floats({2}, {1, 2})}),
      "t.onnx: node 'n' (Add, #3): error: shapes [2,3] and [2] cannot be broadcast");
  EXPECT_EQ(evalError(makeNode("Add", 2), {floats({1}, {1}), ints({1}, {1})}),
            "t.onnx: node 'n' (Add, #3): error: input types differ: float and int64");
  EXPECT_EQ(evalError(makeNode("Add", 2), {bools({1}, {1}), bools({1}, {1})}),
            "t.onnx: node 'n' (Add, #3): error: input A has unsupported type bool");
}

TEST(Elementwise, Comparisons) {
  ir::Tensor a = floats({4}, {-1, 0, 1, 2}), b = floats({}, {1});
  auto cmp = [&](const char *op) {
    ir::Tensor y = eval1(makeNode(op, 2), {a, b});
    EXPECT_EQ(y.dtype(), DType::Bool);
    return y.data.toDoubles();
  };
  EXPECT_EQ(cmp("Greater"), (std::vector<double>{0, 0, 0, 1}));
  EXPECT_EQ(cmp("GreaterOrEqual"), (std::vector<double>{0, 0, 1, 1}));
  EXPECT_EQ(cmp("Less"), (std::vector<double>{1, 1, 0, 0}));
  EXPECT_EQ(cmp("LessOrEqual"), (std::vector<double>{1, 1, 1, 0}));
  EXPECT_EQ(cmp("Equal"), (std::vector<double>{0, 0, 1, 0}));
  ir::Tensor e = eval1(makeNode("Equal", 2), {bools({2}, {1, 0}), bools({2}, {1, 1})});
  EXPECT_EQ(e.data.toDoubles(), (std::vector<double>{1, 0}));
}

TEST(Elementwise, WhereBroadcastsAllThree) {
  // The custom-sign export: Where(x >= 0, +1, -1) with scalar branches.
  ir::Tensor y = eval1(makeNode("Where", 3),
                       {bools({2, 2}, {1, 0, 0, 1}), floats({}, {1}), floats({2, 1}, {-1, -2})});
  EXPECT_EQ(y.shape, (Shape{2, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{1, -1, -2, 1}));
  EXPECT_EQ(evalError(makeNode("Where", 3), {floats({1}, {1}), floats({1}, {1}), floats({1}, {1})}),
            "t.onnx: node 'n' (Where, #3): error: condition has unsupported type float");
}

TEST(Elementwise, UnaryOps) {
  ir::Tensor x = floats({5}, {-2.5, -0.0, 0, 0.5, 3});
  EXPECT_EQ(eval1(makeNode("Neg", 1), {x}).data.toDoubles(),
            (std::vector<double>{2.5, 0, 0, -0.5, -3}));
  EXPECT_EQ(eval1(makeNode("Abs", 1), {x}).data.toDoubles(),
            (std::vector<double>{2.5, 0, 0, 0.5, 3}));
  EXPECT_EQ(eval1(makeNode("Relu", 1), {x}).data.toDoubles(),
            (std::vector<double>{0, 0, 0, 0.5, 3}));
  // ONNX Sign(0) = 0, not +1.
  EXPECT_EQ(eval1(makeNode("Sign", 1), {x}).data.toDoubles(),
            (std::vector<double>{-1, 0, 0, 1, 1}));
  ir::Tensor i = eval1(makeNode("Sign", 1), {ints({3}, {-4, 0, 9})});
  EXPECT_EQ(i.dtype(), DType::Int64);
  EXPECT_EQ(i.data.toDoubles(), (std::vector<double>{-1, 0, 1}));
  EXPECT_EQ(eval1(makeNode("Not", 1), {bools({2}, {1, 0})}).data.toDoubles(),
            (std::vector<double>{0, 1}));
}

} // namespace
} // namespace bnnc::test
