// Brute-force batch-norm folds after an 8-bit input read bit-serially: for every input the data
// can hold (every q in [0, 255] per element, x = lo + q * step in float32), the compiled compare
// at the model's own float32 dot product (the MatMul rounded to float32 once) must give the bit of
// ONNX's float32 model (fold_util.h's batch norm). The chip compares its exact pre-activation
// lo * A + step * S (program.h) instead: the inputs where that and the model's dot product lie on
// either side of a threshold (straddles, within float32 rounding of it) are where chip and model
// differ; the test counts them.
#include "unit/passes/fold_util.h"

#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

struct Range {
  double lo, hi;
};

// The model's dot product of one channel's weights with x, as the interpreter computes it: the
// products summed exactly in double, rounded to float32 once.
float modelDot(const std::vector<double> &w, const std::vector<float> &x) {
  double sum = 0;
  for (size_t i = 0; i < x.size(); ++i)
    sum += w[i] * double(x[i]);
  return float(sum);
}

// Every input vector of k elements: q[i] = (index >> (8 i)) & 255.
std::vector<uint32_t> levels(uint32_t index, int64_t k) {
  std::vector<uint32_t> q(size_t(k), 0);
  for (int64_t i = 0; i < k; ++i)
    q[size_t(i)] = (index >> (8 * i)) & 255;
  return q;
}

struct Checked {
  int64_t inputs = 0, mismatches = 0, ties = 0, straddles = 0;
  std::string first;
};

// Channel c of a compiled case over every input. The compiled threshold t must give the model's
// bit at the model's own float32 dot product, on every input. The chip compares its exact
// pre-activation instead; where that and the float32 dot lie on either side of t (a straddle),
// chip and model differ, which only an input within rounding of a threshold can do.
void checkChannel(const FoldCase &f, const ir::Program &p, size_t c, const std::vector<double> &w,
                  int64_t k, Checked &out) {
  const ir::InputStage &in = p.input;
  const ir::Compare &t = p.layers[0].threshold[c];
  for (uint32_t index = 0; index < (1u << (8 * k)); ++index) {
    std::vector<uint32_t> q = levels(index, k);
    std::vector<float> x;
    std::vector<double> wc;
    double sum_w = 0, sum_wq = 0, sum_abs = 0;
    for (int64_t i = 0; i < k; ++i) {
      x.push_back(float(in.lo + q[size_t(i)] * in.step()));
      sum_abs += std::fabs(x.back());
      wc.push_back(w[size_t(i) * f.bn.gamma.size() + c]);
      sum_w += wc.back();
      sum_wq += wc.back() * q[size_t(i)];
    }
    float dot = modelDot(wc, x), y = batchNorm(f.bn, c, dot);
    double pre = in.lo * sum_w + in.step() * sum_wq;
    out.inputs += 1;
    out.ties += y == float(f.t);
    if (t.eval(pre) != t.eval(dot)) {
      out.straddles += 1;
      // each x rounded to float32 (half an ulp, 2^-24 relative), then the sum
      EXPECT_LE(std::fabs(pre - dot), 0x1p-24 * (sum_abs + std::fabs(dot))) << "not rounding";
    }
    if (binarize(f, y) != t.eval(dot) && out.mismatches++ == 0)
      out.first = "channel " + std::to_string(c) + ", q[0] " + std::to_string(q[0]) + ", dot " +
                  std::to_string(dot) + ", y " + std::to_string(y);
  }
}

TEST(FoldBruteForce, BitSerialInputThresholdsAgreeWithTheFloat32ModelOnEveryInput) {
  const Range ranges[] = {{0, 1}, {-1, 1}, {0, 255}, {-0.75, 2.5}};
  Checked all;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    int64_t k = 1 + int64_t(rng() % 2);
    Range r = ranges[rng() % 4];
    passes::CompileOptions o;
    o.input_bits = 8, o.input_lo = r.lo, o.input_hi = r.hi;
    std::vector<double> w(size_t(k) * 8);
    for (double &v : w)
      v = rng() % 2 ? 1 : -1;
    // ties at the model's own dot products of random inputs and channels (W is [K, 8])
    std::vector<float> ties;
    double step = (r.hi - r.lo) / 255;
    for (int i = 0; i < 16; ++i) {
      size_t c = rng() % 8;
      std::vector<float> x;
      std::vector<double> wc;
      std::vector<uint32_t> q = levels(uint32_t(rng()), k);
      for (size_t e = 0; e < q.size(); ++e) {
        x.push_back(float(r.lo + q[e] * step));
        wc.push_back(w[e * 8 + c]);
      }
      ties.push_back(modelDot(wc, x));
    }
    double range = double(k) * std::max(std::fabs(r.lo), std::fabs(r.hi));
    FoldCase f = randomFoldCase(rng, 8, range, ties);
    Diagnostics diag;
    ir::Program p = compile(foldModel(f, w, k, false), o, diag);
    ASSERT_TRUE(p.layers[0].bit_serial_input);
    Checked one;
    for (size_t c = 0; c < 8; ++c)
      checkChannel(f, p, c, w, k, one);
    EXPECT_EQ(one.mismatches, 0) << one.mismatches << " of " << one.inputs
                                 << ", first: " << one.first;
    all.inputs += one.inputs, all.ties += one.ties, all.straddles += one.straddles;
  }
  std::printf("%lld inputs, %lld exact ties, %lld straddles\n", (long long)all.inputs,
              (long long)all.ties, (long long)all.straddles);
  EXPECT_GT(all.inputs, 1000000);
  EXPECT_GT(all.ties, 20);
}

} // namespace
} // namespace bnnc::test
