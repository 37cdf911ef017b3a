// The bit error rate from the statistics alone (docs/device-model.md, "The analytic bit error
// rate"), and the check of an Environment.
#include "bnnc/device/device_model.h"
#include "bnnc/device/ecc.h"
#include "bnnc/device/physics.h"
#include "bnnc/support/format.h"
#include "measured.h"
#include "reference.h"

#include <cmath>

namespace bnnc::device {

namespace {

// The sense offset o acts on ln(R + Rs); referred back to ln R at resistance R it is o divided
// by d ln(R + Rs) / d ln R = R / (R + Rs), i.e. multiplied by 1 + Rs / R.
double offsetAt(const DeviceModel &m, double ln_r) {
  return m.sense_offset_sigma * (1 + m.series_ohm * std::exp(-ln_r));
}

// ln R* where a 2T2R pair most likely errs: the point of the segment between the two medians
// that minimizes the two devices' squared standard scores, mu_L + sL^2 W / (sL^2 + sH^2).
double crossing(const Physics &phys) {
  double sl = phys.sigmaLrsAtRead(), sh = phys.sigmaHrsAtRead();
  double w = phys.lnHrsAtRead() - phys.lnLrsAtRead();
  return phys.lnLrsAtRead() + (sl * sl + sh * sh > 0 ? sl * sl * w / (sl * sl + sh * sh) : 0.5 * w);
}

// The device noise of a read in one state: white and telegraph (the retention spreading is in
// the states' sigmas).
double deviceNoise2(const DeviceModel &m, bool lrs) {
  double t = lrs ? m.telegraph.lrs_sigma : m.telegraph.hrs_sigma;
  return m.read_sigma * m.read_sigma + t * t;
}

// 2T2R, stored 1 (device 0 LRS, device 1 HRS): the read is wrong when
// ln R1 - ln R0 + noise + o (1 + Rs / R*) < 0, R* the resistance both devices have at the most
// likely error (crossing()). Every term is
// Gaussian: mean W = mu_H - mu_L, variance sL^2 + sH^2 + the two devices' read noise + the
// referred offset. Bit 0 is the mirror image. Exact without series resistance; with it, the
// offset's scale is taken at R*.
double pairErrorRate(const DeviceModel &m, const Physics &phys) {
  double sl = phys.sigmaLrsAtRead(), sh = phys.sigmaHrsAtRead();
  double w = phys.lnHrsAtRead() - phys.lnLrsAtRead();
  double o = offsetAt(m, crossing(phys));
  double sigma =
      std::sqrt(sl * sl + sh * sh + deviceNoise2(m, true) + deviceNoise2(m, false) + o * o);
  return wrongSideProbability(w, sigma);
}

// 1T1R: a stored 1 (LRS) is wrong when ln R0 lands above the reference, a stored 0 (HRS) when it
// lands below; both bits are equally likely, so the rate is the mean of the two. The offset is
// referred to ln R at the reference; an array-trimmed reference adds its trim error.
double singleErrorRate(const DeviceModel &m, const Physics &phys) {
  double ref = phys.lnReference(), o = offsetAt(m, ref);
  double trim = m.reference.trim == DeviceModel::Reference::Trim::Array ? m.reference.sigma : 0.0;
  double extra = o * o + trim * trim;
  double sl = phys.sigmaLrsAtRead(), sh = phys.sigmaHrsAtRead();
  double wrong_lrs = wrongSideProbability(ref - phys.lnLrsAtRead(),
                                          std::sqrt(sl * sl + deviceNoise2(m, true) + extra));
  double wrong_hrs = wrongSideProbability(phys.lnHrsAtRead() - ref,
                                          std::sqrt(sh * sh + deviceNoise2(m, false) + extra));
  return 0.5 * (wrong_lrs + wrong_hrs);
}

// At most `n` values of a sorted set, evenly spread over it (its quantiles).
std::vector<double> thin(const std::vector<double> &v, size_t n) {
  if (v.size() <= n)
    return v;
  std::vector<double> out;
  for (size_t i = 0; i < n; ++i)
    out.push_back(v[(2 * i + 1) * v.size() / (2 * n)]);
  return out;
}

constexpr size_t kMeasuredPoints = 2000; // per state: 4e6 pairs for a 2T2R rate

// Measured states: the same conditions, averaged over the measured values as read (all pairs for
// 2T2R), the Gaussian read noise and spreading integrated exactly.
double measuredErrorRate(const DeviceModel &m, const Physics &phys) {
  std::vector<double> low = thin(measuredAtRead(phys, true), kMeasuredPoints);
  std::vector<double> high = thin(measuredAtRead(phys, false), kMeasuredPoints);
  double n_l = readNoiseSigma(phys, true), n_h = readNoiseSigma(phys, false);
  double wrong_lrs = 0, wrong_hrs = 0;
  if (m.cell == DeviceModel::Cell::TwoT2R) {
    double sigma = std::sqrt(n_l * n_l + n_h * n_h + std::pow(offsetAt(m, crossing(phys)), 2));
    for (double l : low)
      for (double h : high)
        wrong_lrs += wrongSideProbability(h - l, sigma);
    return wrong_lrs / double(low.size() * high.size());
  }
  double ref = phys.lnReference();
  double trim = m.reference.trim == DeviceModel::Reference::Trim::Array ? m.reference.sigma : 0.0;
  double extra = std::hypot(offsetAt(m, ref), trim);
  for (double l : low)
    wrong_lrs += wrongSideProbability(ref - l, std::hypot(n_l, extra));
  for (double h : high)
    wrong_hrs += wrongSideProbability(h - ref, std::hypot(n_h, extra));
  return 0.5 * (wrong_lrs / double(low.size()) + wrong_hrs / double(high.size()));
}

// P(Bin(n, p) >= k), by the complement of the lower terms (k is small).
double binomialAtLeast(int n, double p, int k) {
  double term = std::pow(1 - p, n), below = 0;
  for (int i = 0; i < k; ++i) {
    below += term;
    term *= p / (1 - p) * double(n - i) / double(i + 1);
  }
  return std::max(0.0, 1 - below);
}

} // namespace

double rawBitErrorRate(const DeviceModel &model, const Environment &env) {
  Physics phys(model, env);
  if (model.measured)
    return measuredErrorRate(model, phys);
  if (model.cell == DeviceModel::Cell::TwoT2R)
    return pairErrorRate(model, phys);
  return singleErrorRate(model, phys);
}

// A data bit of a word of n = k + r cells, each wrong with p independently, stays wrong after
// bounded-distance decoding when it is wrong and at least t of the n - 1 others are:
// p P(Bin(n - 1, p) >= t).
double analyticBitErrorRate(const DeviceModel &model, const Environment &env) {
  double p = rawBitErrorRate(model, env);
  if (model.ecc.code == DeviceModel::Ecc::Code::None || p <= 0 || p >= 1)
    return p;
  EccLayout l = EccEncoder(model.ecc).layout();
  return p * binomialAtLeast(l.data_bits + l.check_bits - 1, p, l.t);
}

std::optional<EnvironmentProblem> checkEnvironment(const Environment &env) {
  // The negated comparisons also reject NaN.
  if (!(env.cycles >= 0) || std::isinf(env.cycles))
    return EnvironmentProblem{"cycles",
                              "must be a non-negative number, got " + formatNumber(env.cycles)};
  if (!(env.retention_s >= 0) || std::isinf(env.retention_s))
    return EnvironmentProblem{"retention_s", "must be a non-negative number, got " +
                                                 formatNumber(env.retention_s)};
  if (!(env.temperature_k > 0) || env.temperature_k > 2000)
    return EnvironmentProblem{"temperature_k", "must be a number in (0, 2000], got " +
                                                   formatNumber(env.temperature_k)};
  return std::nullopt;
}

} // namespace bnnc::device
