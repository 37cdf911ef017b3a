// The run report's statistics against values worked out by hand or taken from standard tables.
#include "bnnc/evaluate/statistics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::evaluate {
namespace {

TEST(Statistics, IncompleteBeta) {
  // Integer a, b: I_x(a, b) = P(Binomial(a + b - 1, x) >= a). For a = 2, b = 3, x = 0.4:
  // 1 - 0.6^4 - 4 * 0.4 * 0.6^3 = 1 - 0.1296 - 0.3456 = 0.5248.
  EXPECT_NEAR(incompleteBeta(2, 3, 0.4), 0.5248, 1e-14);
  EXPECT_NEAR(incompleteBeta(3, 2, 0.6), 1 - 0.5248, 1e-14); // I_x(a, b) = 1 - I_{1-x}(b, a)
  EXPECT_NEAR(incompleteBeta(1, 1, 0.3), 0.3, 1e-15);        // uniform
  EXPECT_EQ(incompleteBeta(2.5, 0.5, 0), 0);
  EXPECT_EQ(incompleteBeta(2.5, 0.5, 1), 1);
}

TEST(Statistics, StudentQuantilesMatchTheTable) {
  // t_{0.975} for df = 1, 2, 4, 9, 30, 1000 (R: qt(0.975, df)).
  const double table[][2] = {{1, 12.706204736174707},  {2, 4.302652729749464},
                             {4, 2.7764451051977934},  {9, 2.2621571627409915},
                             {30, 2.0422724563012373}, {1000, 1.9623390808264078}};
  for (const auto &row : table)
    EXPECT_NEAR(studentQuantile(0.975, row[0]), row[1], 1e-9 * row[1]) << "df " << row[0];
  EXPECT_NEAR(studentQuantile(0.025, 4), -2.7764451051977934, 1e-9);
  EXPECT_NEAR(studentQuantile(0.5, 7), 0, 1e-12);
  // df = 1 is Cauchy: t_p = tan(pi (p - 1/2)).
  EXPECT_NEAR(studentQuantile(0.9, 1), std::tan(M_PI * 0.4), 1e-9);
}

TEST(Statistics, StudentIntervalOverChips) {
  // [0.90, 0.92, 0.94]: mean 0.92, s = 0.02, half = t_{0.975, 2} * 0.02 / sqrt(3).
  Interval i = studentInterval95({0.90, 0.92, 0.94});
  double half = 4.302652729749464 * 0.02 / std::sqrt(3.0);
  EXPECT_NEAR(i.lo, 0.92 - half, 1e-12);
  EXPECT_NEAR(i.hi, 0.92 + half, 1e-12);
  Interval same = studentInterval95({0.5, 0.5});
  EXPECT_EQ(same.lo, 0.5);
  EXPECT_EQ(same.hi, 0.5);
  Interval clipped = studentInterval95({0.0, 1.0}); // half = 12.7 * 0.707 / 1.41: clipped
  EXPECT_EQ(clipped.lo, 0);
  EXPECT_EQ(clipped.hi, 1);
}

TEST(Statistics, WilsonInterval) {
  // 0 of 10: center = (z^2 / 20) / (1 + z^2 / 10), half = the same: [0, 2 * center].
  double z2 = 1.959963984540054 * 1.959963984540054;
  double center = (z2 / 20) / (1 + z2 / 10);
  Interval zero = wilsonInterval95(0, 10);
  EXPECT_NEAR(zero.lo, 0, 1e-15);
  EXPECT_NEAR(zero.hi, 2 * center, 1e-12);
  EXPECT_NEAR(zero.hi, 0.2775327, 1e-7);
  // 50 of 100: symmetric around 0.5, [0.40383, 0.59617].
  Interval half = wilsonInterval95(50, 100);
  EXPECT_NEAR(half.lo, 0.4038315, 1e-7);
  EXPECT_NEAR(half.hi, 0.5961685, 1e-7);
  Interval all = wilsonInterval95(10, 10);
  EXPECT_NEAR(all.lo, 1 - 0.2775327, 1e-7);
  EXPECT_NEAR(all.hi, 1, 1e-15);
}

// The exact (Garwood) interval of a Poisson mean, the values of the usual tables: k = 0: [0,
// 3.689] (-ln 0.025), k = 1: [0.0253, 5.572], k = 10: [4.795, 18.39].
TEST(Statistics, PoissonInterval) {
  Interval zero = poissonInterval95(0);
  EXPECT_EQ(zero.lo, 0);
  EXPECT_NEAR(zero.hi, -std::log(0.025), 1e-9);
  Interval one = poissonInterval95(1);
  EXPECT_NEAR(one.lo, -std::log(0.975), 1e-9); // P(X >= 1) = 1 - e^-mu = 0.025
  EXPECT_NEAR(one.hi, 5.571643390938906, 1e-9);
  Interval ten = poissonInterval95(10);
  EXPECT_NEAR(ten.lo, 4.795388696132431, 1e-9);
  EXPECT_NEAR(ten.hi, 18.390356042017757, 1e-9);
  Interval many = poissonInterval95(10000); // close to 10000 +- 1.96 x 100
  EXPECT_NEAR(many.lo, 10000 - 196, 3);
  EXPECT_NEAR(many.hi, 10000 + 196, 3);
}

TEST(Statistics, IncompleteGamma) {
  EXPECT_NEAR(incompleteGamma(1, 2), 1 - std::exp(-2.0), 1e-15); // P(1, x) = 1 - e^-x
  EXPECT_NEAR(incompleteGamma(3, 10), 1 - std::exp(-10.0) * (1 + 10 + 50), 1e-14);
  EXPECT_EQ(incompleteGamma(2, 0), 0);
}

} // namespace
} // namespace bnnc::evaluate
