// Confidence intervals of the run report (docs/cli.md, "bnnc run"): over chips, Student's t on
// the per-chip accuracies; for a single chip, Wilson's score interval over the samples.
#pragma once

#include <cstdint>
#include <vector>

namespace bnnc::evaluate {

struct Interval {
  double lo = 0, hi = 0;
};

// Regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1.
double incompleteBeta(double a, double b, double x);
// Quantile of Student's t distribution with `df` > 0 degrees of freedom, 0 < p < 1.
double studentQuantile(double p, double df);

// mean +- t_{0.975, n-1} * s / sqrt(n) over n >= 2 values (s the sample standard deviation),
// clipped to [0, 1] since the values are accuracies.
Interval studentInterval95(const std::vector<double> &values);
// Wilson's 95% score interval of a proportion `successes` / `n`, n >= 1.
Interval wilsonInterval95(int64_t successes, int64_t n);

// Regularized lower incomplete gamma function P(a, x), a > 0, x >= 0.
double incompleteGamma(double a, double x);
// The exact (Garwood) 95% interval of the mean of a Poisson count observed as k >= 0:
// lo solves P(X >= k) = 0.025 (0 for k = 0), hi solves P(X <= k) = 0.025.
Interval poissonInterval95(int64_t k);

} // namespace bnnc::evaluate
