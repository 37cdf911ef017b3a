// Brute-force batch-norm folds: random gamma, beta, mean and variance (gamma = 0 with beta below,
// at and above the binarizer's constant, negative and tiny gammas, exact ties and values one
// float32 step from a tie), compiled, and every threshold compared with ONNX's float32 batch
// norm evaluated here (fold_util.h) at every pre-activation the chip can see.
#include "unit/passes/fold_util.h"

#include <cmath>
#include <gtest/gtest.h>
#include <sstream>

namespace bnnc::test {
namespace {

using Kind = ir::Compare::Kind;

std::vector<double> randomSigns(std::mt19937_64 &rng, size_t n) {
  std::vector<double> w(n);
  for (double &v : w)
    v = rng() % 2 ? 1 : -1;
  return w;
}

// The step that bit[i] (the bit at pre-activation lo + i) makes: Ge at the smallest value with
// bit 1, Le at the largest, or a constant.
ir::Compare stepOf(const std::vector<bool> &bit, int64_t lo) {
  size_t first = 0, last = bit.size();
  while (first < bit.size() && !bit[first])
    ++first;
  while (last > 0 && !bit[last - 1])
    --last;
  if (first == bit.size())
    return {Kind::Zero, 0};
  for (size_t i = first; i < last; ++i)
    EXPECT_TRUE(bit[i]) << "the float32 batch norm is not a step";
  if (first == 0 && last == bit.size())
    return {Kind::One, 0};
  if (last == bit.size())
    return {Kind::Ge, double(lo + int64_t(first))};
  EXPECT_EQ(first, 0u) << "the float32 batch norm is not a step";
  return {Kind::Le, double(lo + int64_t(last) - 1)};
}

// The tie warning of a Sign: the channels where the batch norm gives exactly 0 at an integer
// pre-activation, the first named with the step's edge, or, for a channel that is always 1, the
// end of the range where its monotone batch norm is smallest (-K first).
std::vector<std::string> expectedWarnings(const FoldCase &f, int64_t k,
                                          const std::vector<ir::Compare> &steps) {
  int64_t count = 0, first = -1;
  for (size_t c = 0; c < steps.size(); ++c) {
    bool zero = false;
    for (int64_t d = -k; d <= k; ++d)
      zero |= batchNorm(f.bn, c, float(d)) == 0;
    count += zero;
    first = first < 0 && zero ? int64_t(c) : first;
  }
  if (f.binarizer != Binarizer::Sign || count == 0)
    return {};
  const ir::Compare &step = steps[size_t(first)];
  double at = step.t;
  if (step.kind == Kind::One)
    at = batchNorm(f.bn, size_t(first), float(-k)) == 0 ? double(-k) : double(k);
  std::ostringstream s;
  s << "test.onnx: node 'bin' (Sign, #4): warning: " << count
    << " channel(s) can reach exactly 0 before the sign (first: channel " << first
    << " at pre-activation " << at
    << "); ONNX Sign gives 0 there, the chip +1 (tie policy; binarize with x >= 0, e.g. "
       "torch.where(x >= 0, 1, -1), for a model that agrees)";
  return {s.str()};
}

// Binary input: pre is an integer in [-K, K] (the reachable ones are 2 apart, K - 2p). Every
// integer is checked, so that an off-by-one that no reachable value shows is seen too.
TEST(FoldBruteForce, BinaryInputThresholdIsTheStepOfTheFloat32BatchNorm) {
  int64_t ties = 0, constants = 0, decreasing = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    int64_t k = 1 + int64_t(rng() % 40);
    std::vector<float> integers;
    for (int64_t d = -k; d <= k; ++d)
      integers.push_back(float(d));
    FoldCase f = randomFoldCase(rng, 12, double(k), integers);
    Diagnostics diag;
    ir::Program p = compile(foldModel(f, randomSigns(rng, size_t(k) * 12), k, true), {}, diag);
    ASSERT_EQ(p.layers.size(), 2u);
    const std::vector<ir::Compare> &got = p.layers[0].threshold;
    ASSERT_EQ(got.size(), 12u);
    for (size_t c = 0; c < got.size(); ++c) {
      std::vector<bool> bit;
      for (int64_t d = -k; d <= k; ++d) {
        float y = batchNorm(f.bn, c, float(d));
        bit.push_back(binarize(f, y));
        ties += y == float(f.t);
      }
      ir::Compare want = stepOf(bit, -k);
      EXPECT_EQ(got[c].kind, want.kind) << "channel " << c;
      EXPECT_EQ(got[c].t, want.t) << "channel " << c;
      constants += want.kind == Kind::Zero || want.kind == Kind::One;
      decreasing += want.kind == Kind::Le;
    }
    EXPECT_EQ(diag.warnings, expectedWarnings(f, k, got));
  }
  EXPECT_GT(ties, 100);
  EXPECT_GT(constants, 300);
  EXPECT_GT(decreasing, 300);
}

// One channel at a time with a hand-computed threshold: var + eps = 1, so y = gamma (d - mean) +
// beta. K = 4: the reachable pre-activations are -4, -2, 0, 2, 4.
ir::Compare handFold(double gamma, double beta, double mean) {
  FoldCase f;
  f.bn = {{gamma}, {beta}, {mean}, {0.75}, 0.25};
  Diagnostics diag;
  return compile(foldModel(f, {1, 1, 1, 1}, 4, true), {}, diag).layers[0].threshold[0];
}

TEST(FoldBruteForce, ThresholdIsTheSmallestIntegerNotTheSmallestReachableValue) {
  // d - 0.5 >= 0 <=> d >= 1; 2 (the smallest reachable value) would give the same chip.
  EXPECT_EQ(handFold(1, -0.5, 0), (ir::Compare{Kind::Ge, 1}));
  // d - 1.5 >= 0 <=> d >= 2; 1 would give the same chip.
  EXPECT_EQ(handFold(1, -1.5, 0), (ir::Compare{Kind::Ge, 2}));
  // -(d - 0.5) >= 0 <=> d <= 0.5 <=> d <= 0; -1 would give the same chip.
  EXPECT_EQ(handFold(-1, 0, 0.5), (ir::Compare{Kind::Le, 0}));
  // -(d + 1.5) >= 0 <=> d <= -1.5 <=> d <= -2; -3 would give the same chip.
  EXPECT_EQ(handFold(-1, 0, -1.5), (ir::Compare{Kind::Le, -2}));
  // exact ties: 2 (d - 1) = 0 at d = 1, -2 (d + 3) = 0 at d = -3: the tie is +1
  EXPECT_EQ(handFold(2, 0, 1), (ir::Compare{Kind::Ge, 1}));
  EXPECT_EQ(handFold(-2, 0, -3), (ir::Compare{Kind::Le, -3}));
  // gamma = 0: the constant sign(beta), +1 for beta = 0
  EXPECT_EQ(handFold(0, -0.5, 1).kind, Kind::Zero);
  EXPECT_EQ(handFold(0, 0, 1).kind, Kind::One);
  EXPECT_EQ(handFold(0, 0.5, 1).kind, Kind::One);
}

} // namespace
} // namespace bnnc::test
