// Student's t quantiles and the two 95% intervals of the run report (see statistics.h).
#include "bnnc/evaluate/statistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace bnnc::evaluate {

namespace {

constexpr double kZ975 = 1.959963984540054; // standard normal quantile of 0.975

// Continued fraction of I_x(a, b) (modified Lentz's method), converging for x < (a+1)/(a+b+2):
//   I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...))),
//   d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),  d_{2m} = m(b-m) x / ((a+2m-1)(a+2m)).
double betaFraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  d = 1 / (std::abs(d) < tiny ? tiny : d);
  double f = d;
  for (int m = 1; m <= 300; ++m) {
    for (int odd = 0; odd < 2; ++odd) {
      double num = odd ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                       : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      d = 1 + num * d;
      d = 1 / (std::abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      c = std::abs(c) < tiny ? tiny : c;
      f *= c * d;
      if (odd && std::abs(c * d - 1) < 1e-15)
        return f;
    }
  }
  return f;
}

} // namespace

double incompleteBeta(double a, double b, double x) {
  assert(a > 0 && b > 0 && x >= 0 && x <= 1);
  if (x == 0 || x == 1)
    return x;
  // ln of the prefactor x^a (1-x)^b / B(a, b).
  double ln_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  // The fraction converges fast below (a+1)/(a+b+2); above, use I_x(a, b) = 1 - I_{1-x}(b, a).
  if (x < (a + 1) / (a + b + 2))
    return std::exp(ln_front) * betaFraction(a, b, x) / a;
  return 1 - std::exp(ln_front) * betaFraction(b, a, 1 - x) / b;
}

double studentQuantile(double p, double df) {
  assert(p > 0 && p < 1 && df > 0);
  if (p < 0.5)
    return -studentQuantile(1 - p, df);
  // For t >= 0: P(T <= t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2, increasing in t; bisection.
  auto cdf = [df](double t) { return 1 - 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t)); };
  double lo = 0, hi = 1;
  while (cdf(hi) < p)
    hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    double mid = 0.5 * (lo + hi);
    (cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Interval studentInterval95(const std::vector<double> &values) {
  assert(values.size() >= 2);
  double n = double(values.size());
  double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double ss = 0;
  for (double v : values)
    ss += (v - mean) * (v - mean);
  double half = studentQuantile(0.975, n - 1) * std::sqrt(ss / (n - 1)) / std::sqrt(n);
  return {std::max(0.0, mean - half), std::min(1.0, mean + half)};
}

// With p = k/n and z the normal quantile:
//   center = (p + z^2 / 2n) / (1 + z^2 / n),
//   half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2).
Interval wilsonInterval95(int64_t successes, int64_t n) {
  assert(n >= 1 && successes >= 0 && successes <= n);
  double p = double(successes) / double(n), nn = double(n), z2 = kZ975 * kZ975;
  double denom = 1 + z2 / nn;
  double center = (p + z2 / (2 * nn)) / denom;
  double half = kZ975 / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

// Series for x < a + 1: P(a, x) = e^-x x^a / Gamma(a + 1) * sum_n x^n / ((a+1)...(a+n));
// otherwise the continued fraction of Q = 1 - P (modified Lentz), as in Numerical Recipes 6.2.
double incompleteGamma(double a, double x) {
  assert(a > 0 && x >= 0);
  if (x == 0)
    return 0;
  double ln_front = a * std::log(x) - x - std::lgamma(a);
  if (x < a + 1) {
    double term = 1 / a, sum = term;
    for (int n = 1; n < 1000 && std::abs(term) > 1e-16 * std::abs(sum); ++n)
      sum += term *= x / (a + n);
    return std::min(1.0, sum * std::exp(ln_front));
  }
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, f = d;
  for (int i = 1; i < 1000; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = 1 / (std::abs(d) < tiny ? tiny : d);
    c = b + an / c;
    c = std::abs(c) < tiny ? tiny : c;
    f *= d * c;
    if (std::abs(d * c - 1) < 1e-16)
      break;
  }
  return std::max(0.0, 1 - std::exp(ln_front) * f);
}

// For a Poisson count X of mean mu: P(X >= k) = P(k, mu) and P(X <= k) = 1 - P(k + 1, mu), both
// monotone in mu; each bound by bisection.
Interval poissonInterval95(int64_t k) {
  assert(k >= 0);
  auto solve = [](double a, double target) { // mu with P(a, mu) = target
    double lo = 0, hi = a + 10 * std::sqrt(a) + 10;
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
      double mid = 0.5 * (lo + hi);
      (incompleteGamma(a, mid) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  double kk = double(k);
  return {k == 0 ? 0.0 : solve(kk, 0.025), solve(kk + 1, 0.975)};
}

} // namespace bnnc::evaluate
