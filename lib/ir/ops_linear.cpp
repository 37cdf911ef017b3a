// MatMul (numpy semantics: 1-D operands, batched with broadcasting) and Gemm.
//
// Dot products: the product of two float32 values is exact in double (24 + 24 significant bits
// <= 53), so the double sum of the products is exact (or nearly so) and is rounded to float32
// once. That is the correctly rounded result that any float32 summation order approximates; on
// the binary path (+-1 weights, +-1 or k/255 inputs) every order gives this same value.
#include "kernel.h"

#include <algorithm>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// out[m, n] = sum_k a[m * as_m + k * as_k] * b[k * bs_k + n * bs_n], rounded to float32; the
// strides express transposition without copying.
struct MatView {
  const float *p;
  int64_t s_row, s_col;
  double at(int64_t r, int64_t c) const { return p[r * s_row + c * s_col]; }
};

void matmulInto(MatView a, MatView b, int64_t m, int64_t k, int64_t n, float *out) {
  std::vector<double> acc(static_cast<size_t>(n));
  for (int64_t i = 0; i < m; ++i) {
    std::fill(acc.begin(), acc.end(), 0.0);
    // Both loop orders add the products of one output in the same order (q ascending), so the
    // result is the same; the order is chosen for contiguous reads of B.
    if (b.s_col == 1) {
      for (int64_t q = 0; q < k; ++q) {
        double av = a.at(i, q);
        const float *brow = b.p + q * b.s_row;
        for (int64_t j = 0; j < n; ++j)
          acc[j] += av * brow[j];
      }
    } else {
      for (int64_t j = 0; j < n; ++j)
        for (int64_t q = 0; q < k; ++q)
          acc[j] += a.at(i, q) * b.at(q, j);
    }
    for (int64_t j = 0; j < n; ++j)
      out[i * n + j] = float(acc[j]);
  }
}

std::vector<Tensor> matmul(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  c.requireType(a, {DType::Float}, "input A");
  c.requireType(b, {DType::Float}, "input B");
  if (a.shape.empty() || b.shape.empty())
    c.fail("MatMul inputs must have rank >= 1, got " + shapeString(a.shape) + " and " +
           shapeString(b.shape));
  // A 1-D A is a row [1, K], a 1-D B a column [K, 1]; the added dimension is removed after.
  Shape sa = a.shape.size() == 1 ? Shape{1, a.shape[0]} : a.shape;
  Shape sb = b.shape.size() == 1 ? Shape{b.shape[0], 1} : b.shape;
  int64_t m = sa[sa.size() - 2], k = sa.back(), k2 = sb[sb.size() - 2], n = sb.back();
  if (k != k2)
    c.fail("MatMul inner dimensions differ: " + shapeString(a.shape) + " x " +
           shapeString(b.shape));
  Shape batch_a(sa.begin(), sa.end() - 2), batch_b(sb.begin(), sb.end() - 2);
  Shape batch = broadcastShapes(c, {batch_a, batch_b});
  Shape out_shape = batch;
  if (a.shape.size() > 1)
    out_shape.push_back(m);
  if (b.shape.size() > 1)
    out_shape.push_back(n);
  c.checkWork(numel(out_shape), k, "multiply-adds");
  Tensor y = c.alloc(DType::Float, out_shape);
  // Each batch element multiplies matrix offA of A with matrix offB of B (offsets in matrices).
  forEachBroadcast(batch, {batch_a, batch_b}, [&](int64_t o, const std::vector<int64_t> &off) {
    MatView va{a.data.as<float>() + off[0] * m * k, k, 1};
    MatView vb{b.data.as<float>() + off[1] * k * n, n, 1};
    matmulInto(va, vb, m, k, n, y.data.as<float>() + o * m * n);
  });
  return outputs(std::move(y));
}

// Gemm: Y = alpha * A' * B' + beta * C, A' = transA ? A^T : A, B' likewise, C broadcast
// unidirectionally to [M, N]. Each step is rounded to float32.
std::vector<Tensor> gemm(const OpCall &c) {
  const Tensor &a = c.in(0), &b = c.in(1);
  const Tensor *cc = c.opt(2);
  c.requireType(a, {DType::Float}, "input A");
  c.requireType(b, {DType::Float}, "input B");
  if (a.shape.size() != 2 || b.shape.size() != 2)
    c.fail("Gemm inputs must be 2-D, got " + shapeString(a.shape) + " and " + shapeString(b.shape));
  bool ta = c.node.attrInt("transA", 0) != 0, tb = c.node.attrInt("transB", 0) != 0;
  double alpha = c.node.attrFloat("alpha", 1.0), beta = c.node.attrFloat("beta", 1.0);
  int64_t m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
  int64_t kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
  if (k != kb)
    c.fail("Gemm inner dimensions differ: A' is [" + std::to_string(m) + "," + std::to_string(k) +
           "], B' is [" + std::to_string(kb) + "," + std::to_string(n) + "]");
  // A row-major [R, C] matrix read transposed has strides (1, C).
  MatView va{a.data.as<float>(), ta ? 1 : k, ta ? m : 1};
  MatView vb{b.data.as<float>(), tb ? 1 : n, tb ? k : 1};
  c.checkWork(m * n, k, "multiply-adds");
  Tensor y = c.alloc(DType::Float, {m, n});
  float *yv = y.data.as<float>();
  matmulInto(va, vb, m, k, n, yv);
  for (int64_t i = 0; i < m * n; ++i)
    yv[i] = float(alpha) * yv[i];
  if (!cc)
    return outputs(std::move(y));
  c.requireType(*cc, {DType::Float}, "input C");
  if (broadcastShapes(c, {cc->shape, y.shape}) != y.shape)
    c.fail("Gemm input C of shape " + shapeString(cc->shape) + " cannot be broadcast to " +
           shapeString(y.shape));
  const float *cv = cc->data.as<float>();
  forEachBroadcast(y.shape, {cc->shape}, [&](int64_t o, const std::vector<int64_t> &off) {
    yv[o] = float(yv[o] + f32(float(beta) * cv[off[0]]));
  });
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> linearOps() {
  return {{{"", "MatMul", 2, 2, 1, {}}, matmul},
          {{"",
            "Gemm",
            2,
            3,
            1,
            {{"alpha", K::Float},
             {"beta", K::Float},
             {"transA", K::Int},
             {"transB", K::Int},
             {"broadcast", K::Int}}},
           gemm}};
}

} // namespace bnnc::ir::detail
