// The ageing and retention laws, device resistances and sense margins (docs/device-model.md,
// "Physics").
#include "bnnc/device/physics.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace bnnc::device {

namespace {
constexpr double kBoltzmannEvPerK = 8.617333262e-5; // CODATA 2018
} // namespace

// Phi(-x) = erfc(x / sqrt(2)) / 2; erfc keeps full relative precision for large x, where
// 1 - Phi(x) would cancel to 0.
double normalTail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

double wrongSideProbability(double margin, double sigma) {
  if (sigma > 0)
    return normalTail(margin / sigma);
  return margin < 0 ? 1.0 : margin > 0 ? 0.0 : 0.5;
}

bool drawFault(const DeviceModel::Faults &f, double u, State &stuck_state) {
  if (u < f.stuck_lrs)
    stuck_state = State::Lrs;
  else if (u < f.stuck_lrs + f.stuck_hrs)
    stuck_state = State::Hrs;
  else if (u < f.stuck_lrs + f.stuck_hrs + f.never_formed)
    stuck_state = State::Pristine;
  else
    return false;
  return true;
}

double ageingDecades(const DeviceModel &model, const Environment &env) {
  double onset = std::max(model.ageing.onset_cycles, 1.0);
  return env.cycles > onset ? std::log10(env.cycles / onset) : 0.0;
}

// Arrhenius: a process with activation energy Ea runs exp(-Ea/kT) fast, so relative to T_ref it
// is exp(-Ea/kT) / exp(-Ea/kT_ref) = exp(-Ea/k (1/T - 1/T_ref)) times faster (> 1 above T_ref).
double retentionAcceleration(const DeviceModel &model, const Environment &env) {
  const auto &r = model.retention;
  return std::exp(-r.activation_ev / kBoltzmannEvPerK *
                  (1.0 / env.temperature_k - 1.0 / r.reference_k));
}

// log10(1 + t/t0) is 0 at t = 0 and log10(t/t0) once t >> t0: one decade per factor 10 in time
// from the reference time on, with no singularity right after programming.
double retentionDecades(const DeviceModel &model, const Environment &env) {
  double t_eff = env.retention_s * retentionAcceleration(model, env);
  return std::log10(1.0 + t_eff / model.retention.reference_s);
}

// Both laws keep the log-midpoint c = (ln mL + ln mH) / 2 fixed:
//  ageing:    the window W0 = ln mH - ln mL becomes W = W0 max(0, 1 - loss x decades), so
//             ln mL' = c - W/2 and ln mH' = c + W/2;
//  retention: each state moves toward the other by drift x decades, at most W/2 (they meet at c).
Physics::Physics(const DeviceModel &model, const Environment &env) : model_(model) {
  assert(model.lrs.median_ohm > 0 && model.hrs.median_ohm > 0);
  double ln_l = std::log(model.lrs.median_ohm), ln_h = std::log(model.hrs.median_ohm);
  double center = 0.5 * (ln_l + ln_h);
  double kept =
      std::max(0.0, 1.0 - model.ageing.window_loss_per_decade * ageingDecades(model, env));
  double window = (ln_h - ln_l) * kept;
  ln_lrs_ = center - 0.5 * window;
  ln_hrs_ = center + 0.5 * window;
  shift_ = std::min(model.retention.drift_per_decade * retentionDecades(model, env), 0.5 * window);
  ln_pristine_ = ln_h + std::log(kPristineFactor);
  ln_ref_ = model.reference_ohm > 0 ? std::log(model.reference_ohm) : center;
  bool pair = model.cell == DeviceModel::Cell::TwoT2R;
  read_sigma_ = (pair ? std::sqrt(2.0) : 1.0) * model.read_sigma;
}

double Physics::programmed(State s, double d2d, double c2c) const {
  switch (s) {
  case State::Lrs:
    return ln_lrs_ + model_.lrs.sigma_d2d * d2d + model_.lrs.sigma_c2c * c2c;
  case State::Hrs:
    return ln_hrs_ + model_.hrs.sigma_d2d * d2d + model_.hrs.sigma_c2c * c2c;
  case State::Pristine:
    return ln_pristine_ + model_.hrs.sigma_d2d * d2d;
  }
  return 0;
}

double Physics::atRead(State s, double ln_r) const {
  return s == State::Lrs ? ln_r + shift_ : s == State::Hrs ? ln_r - shift_ : ln_r;
}

// The PCSA decides bit 1 when the BL branch (device 0) conducts more, i.e. R0 < R1: z0 > 0.
double Physics::margin(double ln_r0, double ln_r1, double offset) const {
  if (model_.cell == DeviceModel::Cell::TwoT2R)
    return ln_r1 - ln_r0 + offset;
  return ln_ref_ - ln_r0 + offset;
}

// A read adds N(0, readSigma()^2) to z0; it changes the decision when the noise crosses -z0,
// with probability Phi(-|z0| / readSigma()) whichever the sign of z0.
double Physics::flipProbability(double z0) const {
  return read_sigma_ > 0 ? normalTail(std::fabs(z0) / read_sigma_) : 0.0;
}

} // namespace bnnc::device
