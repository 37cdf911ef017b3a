// The BER-optimal 1T1R reference, for Gaussian and for measured states.
#include "reference.h"
#include "measured.h"

#include <algorithm>
#include <cmath>

namespace bnnc::device {

// Equal densities: (x - mu_l)^2 / s_l^2 - (x - mu_h)^2 / s_h^2 = 2 ln(s_h / s_l), i.e.
// a x^2 + b x + c = 0 with a = 1/s_l^2 - 1/s_h^2, b = -2 (mu_l / s_l^2 - mu_h / s_h^2),
// c = mu_l^2 / s_l^2 - mu_h^2 / s_h^2 - 2 ln(s_h / s_l). With equal sigmas (a = 0) the root is
// the midpoint; otherwise the root between the means (the other lies beyond the narrower state).
double optimalThreshold(double mu_l, double s_l, double mu_h, double s_h) {
  if (!(s_l > 0) || !(s_h > 0) || std::fabs(s_l - s_h) < 1e-12 * (s_l + s_h))
    return 0.5 * (mu_l + mu_h);
  double a = 1 / (s_l * s_l) - 1 / (s_h * s_h);
  double b = -2 * (mu_l / (s_l * s_l) - mu_h / (s_h * s_h));
  double c = mu_l * mu_l / (s_l * s_l) - mu_h * mu_h / (s_h * s_h) - 2 * std::log(s_h / s_l);
  double disc = std::sqrt(std::max(0.0, b * b - 4 * a * c));
  double r1 = (-b - disc) / (2 * a), r2 = (-b + disc) / (2 * a);
  bool r1_between = r1 >= mu_l && r1 <= mu_h;
  return r1_between ? r1 : r2;
}

namespace {

double meanAbove(const std::vector<double> &v, double x, double s) {
  double sum = 0;
  for (double y : v)
    sum += wrongSideProbability(x - y, s); // P(y + noise > x)
  return sum / double(v.size());
}

double meanBelow(const std::vector<double> &v, double x, double s) {
  double sum = 0;
  for (double y : v)
    sum += wrongSideProbability(y - x, s); // P(y + noise < x)
  return sum / double(v.size());
}

} // namespace

// A grid of 257 points between the two medians, then a golden-section refinement around the
// best one: the error is smooth (a sum of normal tails) and has one minimum between the states.
double optimalThreshold(const std::vector<double> &low, double s_l, const std::vector<double> &high,
                        double s_h) {
  auto error = [&](double x) { return meanAbove(low, x, s_l) + meanBelow(high, x, s_h); };
  double lo = measuredMedian(low), hi = measuredMedian(high);
  if (!(hi > lo))
    return 0.5 * (lo + hi);
  const int n = 256;
  double step = (hi - lo) / n, best = lo, best_err = error(lo);
  for (int i = 1; i <= n; ++i) {
    double x = lo + i * step, e = error(x);
    if (e < best_err)
      best = x, best_err = e;
  }
  double a = best - step, b = best + step;
  const double g = 0.5 * (std::sqrt(5.0) - 1);
  for (int it = 0; it < 40; ++it) {
    double c = b - g * (b - a), d = a + g * (b - a);
    if (error(c) < error(d))
      b = d;
    else
      a = c;
  }
  return 0.5 * (a + b);
}

std::vector<double> measuredAtRead(const Physics &phys, bool lrs) {
  const Measured &m = *phys.model().measured;
  const std::vector<double> &values = lrs ? m.lrs : m.hrs;
  const Aged &a = phys.aged();
  double fresh = measuredMedian(values), median = lrs ? a.ln_lrs : a.ln_hrs;
  State s = lrs ? State::Lrs : State::Hrs;
  std::vector<double> out;
  out.reserve(values.size());
  for (double x : values)
    out.push_back(phys.atRead(s, a, median + (x - fresh) * a.c2c_scale, 0.0));
  return out;
}

double readNoiseSigma(const Physics &phys, bool lrs) {
  const DeviceModel &m = phys.model();
  double telegraph = lrs ? m.telegraph.lrs_sigma : m.telegraph.hrs_sigma;
  double spread = m.retention.sigma_growth_per_decade * retentionDecades(m, phys.env());
  return std::sqrt(m.read_sigma * m.read_sigma + telegraph * telegraph + spread * spread);
}

double referenceAtRead(const Physics &phys) {
  const DeviceModel &m = phys.model();
  if (m.reference.trim == DeviceModel::Reference::Trim::None)
    return referenceAtProgramming(phys);
  if (m.measured) {
    double o = m.sense_offset_sigma;
    return optimalThreshold(measuredAtRead(phys, true), std::hypot(readNoiseSigma(phys, true), o),
                            measuredAtRead(phys, false),
                            std::hypot(readNoiseSigma(phys, false), o));
  }
  // The Gaussian states as read already hold the spreading; the rest of the noise adds.
  auto with = [&](double sigma, bool lrs) {
    double t = lrs ? m.telegraph.lrs_sigma : m.telegraph.hrs_sigma;
    return std::sqrt(sigma * sigma + m.sense_offset_sigma * m.sense_offset_sigma +
                     m.read_sigma * m.read_sigma + t * t);
  };
  return optimalThreshold(phys.lnLrsAtRead(), with(phys.sigmaLrsAtRead(), true), phys.lnHrsAtRead(),
                          with(phys.sigmaHrsAtRead(), false));
}

// A fixed reference is `ohm` or the geometric mean of the fresh medians; an array-trimmed one is
// set, for the verify reads, at the optimum of the freshly programmed states (before retention,
// at the reference temperature), with the read noise and offset it will see.
double referenceAtProgramming(const Physics &phys) {
  const DeviceModel &m = phys.model();
  const Aged &a = phys.aged();
  if (m.reference.trim == DeviceModel::Reference::Trim::None) {
    if (m.reference.ohm > 0)
      return std::log(m.reference.ohm);
    return m.measured ? 0.5 * (measuredMedian(m.measured->lrs) + measuredMedian(m.measured->hrs))
                      : 0.5 * (std::log(m.lrs.median_ohm) + std::log(m.hrs.median_ohm));
  }
  auto with = [&](double sigma, bool lrs) {
    double t = lrs ? m.telegraph.lrs_sigma : m.telegraph.hrs_sigma;
    return std::sqrt(sigma * sigma + m.read_sigma * m.read_sigma + t * t);
  };
  return optimalThreshold(a.ln_lrs, with(a.sigma_lrs, true), a.ln_hrs, with(a.sigma_hrs, false));
}

} // namespace bnnc::device
