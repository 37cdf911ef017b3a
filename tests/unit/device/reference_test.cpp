// The BER-optimal threshold of a 1T1R reference, Gaussian and measured, and the normal quantile
// it and the measured distributions use.
#include "bnnc/device/physics.h"
#include "bnnc/support/random.h"

#include "../lib/device/reference.h" // the device library's internal header

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

double density(double x, double mu, double s) {
  return std::exp(-0.5 * (x - mu) * (x - mu) / (s * s)) / s;
}

TEST(Reference, GaussianOptimumWhereTheDensitiesMeet) {
  EXPECT_DOUBLE_EQ(optimalThreshold(0, 1, 4, 1), 2); // equal sigmas: the midpoint
  double x = optimalThreshold(0, 0.2, 3, 0.6);
  EXPECT_GT(x, 0);
  EXPECT_LT(x, 1.5); // toward the narrow state
  EXPECT_NEAR(density(x, 0, 0.2), density(x, 3, 0.6), 1e-12);
  // Nothing beats it: the error is larger a little to either side.
  auto error = [](double t) { return normalTail(t / 0.2) + normalTail((3 - t) / 0.6); };
  EXPECT_LT(error(x), error(x - 0.01));
  EXPECT_LT(error(x), error(x + 0.01));
}

TEST(Reference, MeasuredOptimumFollowsTheGaussianOne) {
  Rng rng(3);
  std::vector<double> low, high;
  for (int i = 0; i < 20000; ++i) {
    low.push_back(0.2 * rng.normal());
    high.push_back(3 + 0.6 * rng.normal());
  }
  std::sort(low.begin(), low.end());
  std::sort(high.begin(), high.end());
  double gauss = optimalThreshold(0, std::hypot(0.2, 0.1), 3, std::hypot(0.6, 0.1));
  EXPECT_NEAR(optimalThreshold(low, 0.1, high, 0.1), gauss, 0.05);
}

TEST(Reference, NormalQuantileInvertsTheTail) {
  for (double p : {1e-12, 1e-6, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 1e-9}) {
    double x = normalQuantile(p);
    EXPECT_NEAR(normalTail(-x), p, 1e-13 * std::max(p, 1e-3)) << p;
  }
  EXPECT_NEAR(normalQuantile(0.975), 1.959963984540054, 1e-12);
}

} // namespace
} // namespace bnnc::device
