// The bit error rate from the statistics alone, and the check of an Environment.
#include "bnnc/device/device_model.h"
#include "bnnc/device/physics.h"
#include "bnnc/support/format.h"

#include <cmath>

namespace bnnc::device {

namespace {

double variance(const ResistanceState &s) {
  return s.sigma_d2d * s.sigma_d2d + s.sigma_c2c * s.sigma_c2c;
}

// 2T2R, stored bit 1 (device 0 LRS, device 1 HRS): z0 = ln R1 - ln R0 + o + read noise of both
// devices is Gaussian with mean ln mH - ln mL (medians at read) and variance
// sH^2 + sL^2 + o^2 + 2 r^2; the read is wrong when z0 < 0. Bit 0 is the mirror image.
double pairErrorRate(const DeviceModel &m, const Physics &phys) {
  double r = m.read_sigma, o = m.sense_offset_sigma;
  double sigma = std::sqrt(variance(m.lrs) + variance(m.hrs) + 2 * r * r + o * o);
  return wrongSideProbability(phys.lnHrsAtRead() - phys.lnLrsAtRead(), sigma);
}

// 1T1R: z0 = ln ref - ln R0 + o + read noise of one device. A stored 1 (LRS) is wrong when
// ln R0 lands above the reference, a stored 0 (HRS) when it lands below; both bits are equally
// likely, so the rate is the mean of the two.
double singleErrorRate(const DeviceModel &m, const Physics &phys) {
  double noise = m.read_sigma * m.read_sigma + m.sense_offset_sigma * m.sense_offset_sigma;
  double ref = phys.lnReference();
  double wrong_lrs =
      wrongSideProbability(ref - phys.lnLrsAtRead(), std::sqrt(variance(m.lrs) + noise));
  double wrong_hrs =
      wrongSideProbability(phys.lnHrsAtRead() - ref, std::sqrt(variance(m.hrs) + noise));
  return 0.5 * (wrong_lrs + wrong_hrs);
}

} // namespace

double analyticBitErrorRate(const DeviceModel &model, const Environment &env) {
  Physics phys(model, env);
  if (model.cell == DeviceModel::Cell::TwoT2R)
    return pairErrorRate(model, phys);
  return singleErrorRate(model, phys);
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
