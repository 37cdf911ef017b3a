// Ageing, endurance failures, retention, temperature, device resistances, sensed margins and read
// noise (docs/device-model.md, "Physics").
#include "bnnc/device/physics.h"
#include "measured.h"
#include "reference.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace bnnc::device {

// Phi(-x) = erfc(x / sqrt(2)) / 2; erfc keeps full relative precision for large x, where
// 1 - Phi(x) would cancel to 0.
double normalTail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

// Acklam's rational approximation (relative error < 1.2e-9), then one Newton step on
// Phi(x) - p, which brings it to double precision.
double normalQuantile(double p) {
  assert(p > 0 && p < 1);
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  double x;
  if (p < 0.02425 || p > 1 - 0.02425) {
    double q = std::sqrt(-2 * std::log(std::min(p, 1 - p)));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    x = p < 0.5 ? x : -x;
  } else {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Newton on f(x) = Phi(x) - p, f' = phi(x); Phi(x) = 1 - normalTail(x).
  double err = (1 - normalTail(x)) - p;
  if (p < 0.5) // in the lower tail Phi(x) = normalTail(-x) keeps the precision
    err = normalTail(-x) - p;
  return x - err * std::sqrt(2 * M_PI) * std::exp(0.5 * x * x);
}

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

double ageingDecades(const DeviceModel &model, double cycles) {
  double onset = std::max(model.ageing.onset_cycles, 1.0);
  return cycles > onset ? std::log10(cycles / onset) : 0.0;
}

// The cycles to failure of the devices are log-normal: log10 N_f ~ N(log10 failure_cycles,
// failure_sigma_decades^2), so the failed fraction at n cycles is its CDF. A zero spread is a
// step at failure_cycles.
double enduranceFailure(const DeviceModel &model, double cycles) {
  const DeviceModel::Ageing &a = model.ageing;
  if (!(a.failure_cycles > 0) || !(cycles > 0))
    return 0;
  double decades = std::log10(cycles / a.failure_cycles);
  if (a.failure_sigma_decades <= 0)
    return decades >= 0 ? 1.0 : 0.0;
  return normalTail(-decades / a.failure_sigma_decades);
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

// LRS: a metallic filament, ln R linear in T with coefficient alpha (a positive temperature
// coefficient of resistance). HRS: conduction across the gap is thermally activated,
// R = R0 exp(Ea / kT), so ln R(T) - ln R(T_ref) = Ea/k (1/T - 1/T_ref): lower when hot.
double temperatureShift(const DeviceModel &model, bool lrs, double temperature_k) {
  const DeviceModel::Temperature &t = model.temperature;
  if (lrs)
    return t.lrs_coefficient_per_k * (temperature_k - t.reference_k);
  return t.hrs_activation_ev / kBoltzmannEvPerK * (1.0 / temperature_k - 1.0 / t.reference_k);
}

namespace {

// Moves two medians toward each other by `up` (the lower) and `down` (the higher); when the moves
// together exceed the window they are scaled down so that the medians meet and stop.
void closeWindow(double &low, double &high, double &up, double &down) {
  double window = std::max(high - low, 0.0);
  if (up + down > window && up + down > 0) {
    double keep = window / (up + down);
    up *= keep, down *= keep;
  }
  low += up, high -= down;
}

double total(const ResistanceState &s) { return std::hypot(s.sigma_d2d, s.sigma_c2c); }

// ln(e^x + Rs) without overflow, and its slope d/dx = e^x / (e^x + Rs) = 1 / (1 + Rs e^-x).
double lnWithSeries(double x, double rs) { return rs > 0 ? x + std::log1p(rs * std::exp(-x)) : x; }
double seriesSlope(double x, double rs) { return rs > 0 ? 1.0 / (1.0 + rs * std::exp(-x)) : 1.0; }

} // namespace

Physics::Physics(const DeviceModel &model, const Environment &env) : model_(model), env_(env) {
  assert(model.lrs.median_ohm > 0 && model.hrs.median_ohm > 0);
  ln_fresh_lrs_ =
      model.measured ? measuredMedian(model.measured->lrs) : std::log(model.lrs.median_ohm);
  ln_fresh_hrs_ =
      model.measured ? measuredMedian(model.measured->hrs) : std::log(model.hrs.median_ohm);
  ln_pristine_ = ln_fresh_hrs_ + std::log(kPristineFactor);
  aged_ = agedAt(env.cycles);
  // Retention: each state drifts toward the other by drift x decades, the pair stopping where
  // the medians meet; the independent spreading grows as spread x decades.
  double decades = retentionDecades(model, env);
  shift_lrs_ = model.retention.lrs_drift_per_decade * decades;
  shift_hrs_ = model.retention.hrs_drift_per_decade * decades;
  double low = aged_.ln_lrs, high = aged_.ln_hrs;
  closeWindow(low, high, shift_lrs_, shift_hrs_);
  spread_ = model.retention.sigma_growth_per_decade * decades;
  temp_lrs_ = temperatureShift(model, true, env.temperature_k);
  temp_hrs_ = temperatureShift(model, false, env.temperature_k);
  read_lrs_ = low + temp_lrs_;
  read_hrs_ = high + temp_hrs_;
  // A device's deviation from its median is stretched by 1 + lambda shift / sigma (atRead), so
  // the sigma becomes sigma + lambda shift, and the spreading adds in quadrature.
  double lambda = model.retention.tail_relaxation;
  read_sigma_lrs_ = std::hypot(aged_.sigma_lrs + lambda * shift_lrs_, spread_);
  read_sigma_hrs_ = std::hypot(aged_.sigma_hrs + lambda * shift_hrs_, spread_);
  ln_ref_read_ = referenceAtRead(*this);
  ln_ref_program_ = referenceAtProgramming(*this);
}

// Ageing: with d the decades past the onset, the LRS median rises by a_L d (the filament thins),
// the HRS median falls by a_H d (the gap closes), both stopping where they meet; the
// cycle-to-cycle sigmas grow by the factor 1 + g d.
Aged Physics::agedAt(double cycles) const {
  const DeviceModel::Ageing &g = model_.ageing;
  double d = ageingDecades(model_, cycles);
  Aged a;
  a.ln_lrs = ln_fresh_lrs_, a.ln_hrs = ln_fresh_hrs_;
  double up = g.lrs_drift_per_decade * d, down = g.hrs_drift_per_decade * d;
  closeWindow(a.ln_lrs, a.ln_hrs, up, down);
  a.c2c_scale = 1 + g.sigma_growth_per_decade * d;
  if (model_.measured) { // the whole measured spread grows
    a.sigma_lrs = measuredSigma(model_.measured->lrs) * a.c2c_scale;
    a.sigma_hrs = measuredSigma(model_.measured->hrs) * a.c2c_scale;
  } else {
    a.sigma_lrs = std::hypot(model_.lrs.sigma_d2d, model_.lrs.sigma_c2c * a.c2c_scale);
    a.sigma_hrs = std::hypot(model_.hrs.sigma_d2d, model_.hrs.sigma_c2c * a.c2c_scale);
  }
  return a;
}

double Physics::programmed(State s, const Aged &a, double d2d, double c2c) const {
  if (s == State::Pristine)
    return ln_pristine_ + model_.hrs.sigma_d2d * d2d;
  bool lrs = s == State::Lrs;
  const ResistanceState &st = lrs ? model_.lrs : model_.hrs;
  double median = lrs ? a.ln_lrs : a.ln_hrs;
  if (!model_.measured)
    return median + st.sigma_d2d * d2d + st.sigma_c2c * a.c2c_scale * c2c;
  // The device's standard score keeps the d2d / c2c split of the model's sigmas (all d2d when
  // both are 0), and picks the empirical quantile Phi(z).
  double split = total(st);
  double z = split > 0 ? (st.sigma_d2d * d2d + st.sigma_c2c * c2c) / split : d2d;
  const std::vector<double> &values = lrs ? model_.measured->lrs : model_.measured->hrs;
  double fresh = lrs ? ln_fresh_lrs_ : ln_fresh_hrs_;
  return median + (measuredQuantile(values, z) - fresh) * a.c2c_scale;
}

// Retention: the state drifts toward the other by its shift s, plus lambda s z for a device
// whose standard score toward the other state is z = toward x / sigma (x its deviation from the
// median): the tail toward the other state relaxes faster. toward x toward = x, so the drift adds
// toward s + lambda s x / sigma. Then the spreading, then the read temperature.
double Physics::atRead(State s, const Aged &a, double ln_r, double xi) const {
  if (s == State::Pristine)
    return ln_r + temp_hrs_;
  bool lrs = s == State::Lrs;
  double median = lrs ? a.ln_lrs : a.ln_hrs, sigma = lrs ? a.sigma_lrs : a.sigma_hrs;
  double shift = lrs ? shift_lrs_ : shift_hrs_;
  double x = ln_r - median;
  double tail = sigma > 0 ? model_.retention.tail_relaxation * shift * x / sigma : 0.0;
  double moved = ln_r + (lrs ? shift : -shift) + tail + spread_ * xi;
  return moved + (lrs ? temp_lrs_ : temp_hrs_);
}

// The PCSA decides bit 1 when the BL branch (device 0) conducts more, i.e. R0 + Rs < R1 + Rs.
double Physics::margin(double ln_r0, double ln_r1, double offset, double ln_ref) const {
  double rs = model_.series_ohm;
  double other = model_.cell == DeviceModel::Cell::TwoT2R ? ln_r1 : ln_ref;
  return lnWithSeries(other, rs) - lnWithSeries(ln_r0, rs) + offset;
}

MarginNoise Physics::noise(State s0, double ln_r0, State s1, double ln_r1) const {
  double rs = model_.series_ohm, r = model_.read_sigma;
  auto tel = [&](State s) {
    return s == State::Lrs ? model_.telegraph.lrs_sigma : model_.telegraph.hrs_sigma;
  };
  double c0 = seriesSlope(ln_r0, rs);
  MarginNoise n{r * c0, tel(s0) * c0};
  if (model_.cell == DeviceModel::Cell::TwoT2R) {
    double c1 = seriesSlope(ln_r1, rs);
    n.white = r * std::hypot(c0, c1);
    n.telegraph = std::hypot(tel(s0) * c0, tel(s1) * c1);
  }
  return n;
}

// With the run's telegraph value tau ~ N(0, T^2) and a read's white noise w ~ N(0, W^2), a read
// differs from the noiseless decision with p_tot = Phi(-|z0| / sqrt(W^2 + T^2)). The run flip
// (tau crossing -z0) has p_run = Phi(-|z0| / T). A read flip independent of it with p_read makes
// P(differ) = p_run (1 - p_read) + (1 - p_run) p_read; equating it to p_tot gives
// p_read = (p_tot - p_run) / (1 - 2 p_run), in [0, 1/2] since p_run <= p_tot <= 1/2. Each read's
// marginal is exact; the reads of a run are correlated through the run flip.
FlipRisk Physics::flipRisk(double z0, const MarginNoise &n) {
  FlipRisk f;
  double all = std::hypot(n.white, n.telegraph);
  if (!(all > 0))
    return f;
  double p_tot = normalTail(std::fabs(z0) / all);
  f.p_run = n.telegraph > 0 ? normalTail(std::fabs(z0) / n.telegraph) : 0.0;
  f.p_read = f.p_run < 0.5 ? std::max(0.0, (p_tot - f.p_run) / (1 - 2 * f.p_run)) : 0.0;
  return f;
}

} // namespace bnnc::device
