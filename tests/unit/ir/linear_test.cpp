// MatMul and Gemm with hand-computed values.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::Shape;

TEST(MatMul, TwoByTwo) {
  // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]
  ir::Tensor y =
      eval1(makeNode("MatMul", 2), {floats({2, 2}, {1, 2, 3, 4}), floats({2, 2}, {5, 6, 7, 8})});
  EXPECT_EQ(y.shape, (Shape{2, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{19, 22, 43, 50}));
}

TEST(MatMul, OneDimensionalOperands) {
  ir::Tensor m = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  // [1,1] x [[1,2,3],[4,5,6]] = [5,7,9], the row dimension removed
  ir::Tensor a = eval1(makeNode("MatMul", 2), {floats({2}, {1, 1}), m});
  EXPECT_EQ(a.shape, (Shape{3}));
  EXPECT_EQ(a.data.toDoubles(), (std::vector<double>{5, 7, 9}));
  // [[1,2,3],[4,5,6]] x [1,0,-1] = [-2,-2], the column dimension removed
  ir::Tensor b = eval1(makeNode("MatMul", 2), {m, floats({3}, {1, 0, -1})});
  EXPECT_EQ(b.shape, (Shape{2}));
  EXPECT_EQ(b.data.toDoubles(), (std::vector<double>{-2, -2}));
  ir::Tensor c = eval1(makeNode("MatMul", 2), {floats({2}, {1, 2}), floats({2}, {3, 4})});
  EXPECT_EQ(c.shape, Shape{});
  EXPECT_EQ(c.data.toDoubles(), (std::vector<double>{11}));
}

TEST(MatMul, BatchedWithBroadcast) {
  // [2,1,2] x [2,1]: each batch row times the shared column.
  ir::Tensor y =
      eval1(makeNode("MatMul", 2), {floats({2, 1, 2}, {1, 2, 3, 4}), floats({2, 1}, {10, 1})});
  EXPECT_EQ(y.shape, (Shape{2, 1, 1}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{12, 34}));
  // [1,2,2] x [3,2,1] -> [3,2,1]
  ir::Tensor z = eval1(makeNode("MatMul", 2),
                       {floats({1, 2, 2}, {1, 0, 0, 1}), floats({3, 2, 1}, {1, 2, 3, 4, 5, 6})});
  EXPECT_EQ(z.shape, (Shape{3, 2, 1}));
  EXPECT_EQ(z.data.toDoubles(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(MatMul, InnerMismatch) {
  EXPECT_EQ(evalError(makeNode("MatMul", 2), {floats({2, 3}, std::vector<double>(6)),
                                              floats({2, 3}, std::vector<double>(6))}),
            "t.onnx: node 'n' (MatMul, #3): error: MatMul inner dimensions differ: [2,3] x [2,3]");
}

TEST(MatMul, SumIsRoundedOnce) {
  // 2^24 + 1 - 1 in float32 step by step would lose the +1: (2^24 + 1) rounds to 2^24 first.
  ir::Tensor y =
      eval1(makeNode("MatMul", 2), {floats({1, 3}, {16777216, 1, 1}), floats({3, 1}, {1, 1, -1})});
  EXPECT_EQ(y.data[0], 16777216);
  ir::Tensor z =
      eval1(makeNode("MatMul", 2), {floats({1, 3}, {16777216, 1, 1}), floats({3, 1}, {1, 1, 1})});
  EXPECT_EQ(z.data[0], 16777218); // exact 2^24 + 2
}

// Stores the logical [r, c] matrix `m` transposed when `t`.
ir::Tensor stored(const std::vector<double> &m, int64_t r, int64_t c, bool t) {
  if (!t)
    return floats({r, c}, m);
  std::vector<double> v(m.size());
  for (int64_t i = 0; i < r; ++i)
    for (int64_t j = 0; j < c; ++j)
      v[j * r + i] = m[i * c + j];
  return floats({c, r}, v);
}

TEST(Gemm, AllTransposeAlphaBetaCombinations) {
  // A = [[1,2,3],[4,5,6]], B = [[1,0],[0,1],[1,1]]: A*B = [[4,5],[10,11]]; C = [10,20].
  std::vector<double> a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1};
  const double ab[4] = {4, 5, 10, 11}, c[2] = {10, 20};
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (double alpha : {1.0, 0.5, -2.0})
        for (double beta : {1.0, 2.0, 0.0}) {
          SCOPED_TRACE("transA=" + std::to_string(ta) + " transB=" + std::to_string(tb) +
                       " alpha=" + std::to_string(alpha) + " beta=" + std::to_string(beta));
          ir::Node n = makeNode("Gemm", 3,
                                {{"transA", attrInt(ta)},
                                 {"transB", attrInt(tb)},
                                 {"alpha", attrFloat(alpha)},
                                 {"beta", attrFloat(beta)}});
          ir::Tensor y =
              eval1(n, {stored(a, 2, 3, ta), stored(b, 3, 2, tb), floats({2}, {10, 20})});
          ASSERT_EQ(y.shape, (Shape{2, 2}));
          for (int i = 0; i < 4; ++i)
            EXPECT_EQ(y.data[i], alpha * ab[i] + beta * c[i % 2]) << "element " << i;
        }
}

TEST(Gemm, HandComputedWithMatrixAndColumnC) {
  // alpha 0.5, beta 2: 0.5 * [[4,5],[10,11]] + 2 * [[1],[2]] = [[4,4.5],[9,9.5]]
  ir::Node n = makeNode("Gemm", 3, {{"alpha", attrFloat(0.5)}, {"beta", attrFloat(2)}});
  ir::Tensor y = eval1(n, {floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({3, 2}, {1, 0, 0, 1, 1, 1}),
                           floats({2, 1}, {1, 2})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{4, 4.5, 9, 9.5}));
  // Without C, and with a scalar C.
  ir::Tensor z = eval1(makeNode("Gemm", 2), {floats({1, 2}, {1, 2}), floats({2, 1}, {3, 4})});
  EXPECT_EQ(z.data.toDoubles(), (std::vector<double>{11}));
  ir::Tensor s = eval1(makeNode("Gemm", 3),
                       {floats({1, 2}, {1, 2}), floats({2, 1}, {3, 4}), floats({}, {-1})});
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{10}));
}

TEST(Gemm, Errors) {
  EXPECT_EQ(evalError(makeNode("Gemm", 3),
                      {floats({2, 2}, std::vector<double>(4)),
                       floats({2, 2}, std::vector<double>(4)), floats({3}, {1, 2, 3})}),
            "t.onnx: node 'n' (Gemm, #3): error: shapes [3] and [2,2] cannot be broadcast");
  EXPECT_EQ(evalError(makeNode("Gemm", 3),
                      {floats({2, 2}, std::vector<double>(4)),
                       floats({2, 2}, std::vector<double>(4)), floats({2, 2, 1}, {1, 2, 3, 4})}),
            "t.onnx: node 'n' (Gemm, #3): error: Gemm input C of shape [2,2,1] cannot be "
            "broadcast to [2,2]");
  EXPECT_EQ(
      evalError(makeNode("Gemm", 2, {{"transB", attrInt(1)}}),
                {floats({2, 3}, std::vector<double>(6)), floats({3, 2}, std::vector<double>(6))}),
      "t.onnx: node 'n' (Gemm, #3): error: Gemm inner dimensions differ: A' is [2,3], B' is "
      "[2,3]");
}

} // namespace
} // namespace bnnc::test
