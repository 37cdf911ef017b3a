// The float math and variadic ops that exporters put in weight, shape and normalization
// subgraphs, with hand-computed values.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::test {
namespace {

using ir::DType;
using ir::Shape;

TEST(MathOps, UnaryFloatOpsRoundToFloat32) {
  EXPECT_EQ(eval1(makeNode("Sqrt", 1), {floats({2}, {4, 2})}).data.toDoubles(),
            (std::vector<double>{2, double(std::sqrt(2.0f))}));
  EXPECT_EQ(eval1(makeNode("Reciprocal", 1), {floats({}, {3})}).data[0], double(1.0f / 3.0f));
  EXPECT_EQ(eval1(makeNode("Floor", 1), {floats({2}, {-1.5, 1.5})}).data.toDoubles(),
            (std::vector<double>{-2, 1}));
  EXPECT_EQ(eval1(makeNode("Ceil", 1), {floats({2}, {-1.5, 1.5})}).data.toDoubles(),
            (std::vector<double>{-1, 2}));
  EXPECT_EQ(eval1(makeNode("Exp", 1), {floats({}, {0})}).data[0], 1);
  EXPECT_EQ(eval1(makeNode("Log", 1), {floats({}, {1})}).data[0], 0);
}

TEST(MathOps, RoundTakesHalvesToEven) {
  EXPECT_EQ(
      eval1(makeNode("Round", 1), {floats({6}, {0.5, 1.5, 2.5, -0.5, -1.5, 2.4})}).data.toDoubles(),
      (std::vector<double>{0, 2, 2, -0.0, -2, 2}));
}

// Brevitas' TensorNorm writes sqrt(var) as Pow(var, 0.5) on constants; FINN's own folding of the
// QONNX zoo's TFC wrote the same value, 17.838068 (zoo TFC_1W1A_with_domains_and_shapes).
TEST(MathOps, PowFoldsTensorNormsSquareRootAsFinnDid) {
  ir::Tensor y = eval1(makeNode("Pow", 2), {floats({1}, {318.1966552734375}), floats({}, {0.5})});
  EXPECT_EQ(y.data[0], double(17.83806800842285f));
  ir::Tensor i = eval1(makeNode("Pow", 2), {ints({2}, {2, 3}), ints({}, {3})});
  EXPECT_EQ(i.dtype(), DType::Int64);
  EXPECT_EQ(i.data.toDoubles(), (std::vector<double>{8, 27}));
}

TEST(MathOps, VariadicOpsBroadcastAllInputs) {
  ir::Tensor mx =
      eval1(makeNode("Max", 3), {floats({2}, {1, 5}), floats({}, {3}), floats({1, 2}, {2, 2})});
  EXPECT_EQ(mx.shape, (Shape{1, 2}));
  EXPECT_EQ(mx.data.toDoubles(), (std::vector<double>{3, 5}));
  EXPECT_EQ(eval1(makeNode("Min", 2), {ints({2}, {4, -1}), ints({}, {0})}).data.toDoubles(),
            (std::vector<double>{0, -1}));
  EXPECT_EQ(eval1(makeNode("Mean", 3), {floats({}, {1}), floats({}, {2}), floats({}, {4})}).data[0],
            double(7.0f / 3.0f));
  EXPECT_EQ(eval1(makeNode("Sum", 1), {floats({2}, {1, 2})}).data.toDoubles(),
            (std::vector<double>{1, 2}));
  EXPECT_EQ(evalError(makeNode("Max", 2), {floats({}, {1}), ints({}, {1})}),
            "t.onnx: node 'n' (Max, #3): error: input types differ: float and int64");
}

TEST(MathOps, LogicalOps) {
  ir::Tensor a = bools({4}, {0, 0, 1, 1}), b = bools({4}, {0, 1, 0, 1});
  EXPECT_EQ(eval1(makeNode("And", 2), {a, b}).data.toDoubles(), (std::vector<double>{0, 0, 0, 1}));
  EXPECT_EQ(eval1(makeNode("Or", 2), {a, b}).data.toDoubles(), (std::vector<double>{0, 1, 1, 1}));
  EXPECT_EQ(eval1(makeNode("Xor", 2), {a, b}).data.toDoubles(), (std::vector<double>{0, 1, 1, 0}));
}

} // namespace
} // namespace bnnc::test
