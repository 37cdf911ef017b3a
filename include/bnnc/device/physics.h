// The device physics that programChip, analyticBitErrorRate and the Monte-Carlo estimators share:
// ageing, endurance failures, retention, temperature, the resistance of a programmed device, the
// sensed margin of a cell with its series resistance, the reference of a 1T1R read and the read
// noise. docs/device-model.md, section 3, derives every formula used here.
#pragma once

#include "bnnc/device/device_model.h"

#include <cstdint>

namespace bnnc::device {

// A never-formed device keeps its pristine resistance, this many times the (fresh) HRS median.
constexpr double kPristineFactor = 100;
constexpr double kBoltzmannEvPerK = 8.617333262e-5; // CODATA 2018

// Phi(-x), the upper tail of the standard normal, accurate far into the tail (through erfc).
double normalTail(double x);
// The standard normal quantile: Phi(normalQuantile(p)) = p for p in (0, 1).
double normalQuantile(double p);
// P(margin + sigma * N(0, 1) < 0) = Phi(-margin / sigma): the probability that a Gaussian margin
// falls on the wrong side. With sigma = 0: 1 below 0, 0 above, 1/2 at 0 (a tie reads bit 0, so
// it is wrong for one of the two stored bits).
double wrongSideProbability(double margin, double sigma);

// Decades of cycling past the onset: log10(cycles / onset) when cycles > onset, else 0 (an onset
// below 1 counts as 1).
double ageingDecades(const DeviceModel &model, double cycles);
// Fraction of devices that have failed (stuck in LRS) after `cycles`:
// Phi((log10 cycles - log10 failure_cycles) / failure_sigma_decades); 0 without failures.
double enduranceFailure(const DeviceModel &model, double cycles);
// Arrhenius acceleration of retention at env.temperature_k: exp(-Ea/k (1/T - 1/T_ref)).
double retentionAcceleration(const DeviceModel &model, const Environment &env);
// Decades of retention: log10(1 + t_eff / reference_s), t_eff = retention_s x acceleration.
double retentionDecades(const DeviceModel &model, const Environment &env);
// How far ln R of a state moves at the read temperature: LRS alpha (T - T_ref), HRS and
// pristine Ea/k (1/T - 1/T_ref).
double temperatureShift(const DeviceModel &model, bool lrs, double temperature_k);

// The state a device is in: programmed LRS or HRS (or stuck there), or never formed.
enum class State : uint8_t { Lrs, Hrs, Pristine };

// The two states after `cycles` cycles: aged medians (ln), the cycle-to-cycle growth factor and
// the total sigmas (the measured spread for a measured model).
struct Aged {
  double ln_lrs = 0, ln_hrs = 0;
  double c2c_scale = 1;
  double sigma_lrs = 0, sigma_hrs = 0;
};

// The noise on a cell's sensed margin: white (new at every read) and telegraph (held for a
// run), both as standard deviations of z0.
struct MarginNoise {
  double white = 0, telegraph = 0;
};

// How a read can differ from the noiseless decision: flipped for a whole run with probability
// p_run, and, independently, at every read with p_read. Together a read differs with
// Phi(-|z0| / sqrt(white^2 + telegraph^2)).
struct FlipRisk {
  double p_run = 0, p_read = 0;
};

// The fault of a device from one uniform u in [0, 1): [0, a) stuck LRS, [a, a + b) stuck HRS,
// [a + b, a + b + c) never formed (Pristine), with a, b, c the model's rates (their sum is at most
// 1); false for a working device.
bool drawFault(const DeviceModel::Faults &faults, double u, State &stuck_state);

// One device model under one environment, with the laws evaluated once.
class Physics {
public:
  Physics(const DeviceModel &model, const Environment &env);
  const DeviceModel &model() const { return model_; }
  const Environment &env() const { return env_; }

  // The states at the chip's age (env.cycles) and at another cycle count.
  const Aged &aged() const { return aged_; }
  Aged agedAt(double cycles) const;

  // ln R of a device programmed to `s` with the states `a`: the median plus sigma_d2d x d2d (a
  // standard normal fixed per device of a chip) plus sigma_c2c x c2c_scale x c2c (new at every
  // programming); a measured model maps the standard score to its empirical quantile. A
  // never-formed device has the pristine resistance, spread by the HRS d2d sigma only.
  double programmed(State s, const Aged &a, double d2d, double c2c) const;
  // The same with the states at the chip's age (env.cycles).
  double programmed(State s, double d2d, double c2c) const {
    return programmed(s, aged_, d2d, c2c);
  }
  // ln R at read time of a device in state `s` programmed to `ln_r` with the states `a`:
  // retention drift toward the other state (more for a device already in the tail toward it),
  // spreading by `xi` (a standard normal per device and programming), then the read temperature.
  // A pristine device only feels the temperature.
  double atRead(State s, const Aged &a, double ln_r, double xi) const;
  // The same at the chip's age, without the spreading draw (xi = 0).
  double atRead(State s, double ln_r) const { return atRead(s, aged_, ln_r, 0); }
  // ln of the state medians at programming, at the chip's age.
  double lnLrsProgrammed() const { return aged_.ln_lrs; }
  double lnHrsProgrammed() const { return aged_.ln_hrs; }

  // The sensed margin z0 (> 0 reads bit 1) of a cell whose devices have ln R ln_r0, ln_r1, with
  // the column's sense offset and the reference `ln_ref` (1T1R): every branch carries the series
  // resistance Rs, so 2T2R z0 = ln(R1 + Rs) - ln(R0 + Rs) + offset and 1T1R
  // z0 = ln(ref + Rs) - ln(R0 + Rs) + offset.
  double margin(double ln_r0, double ln_r1, double offset, double ln_ref) const;
  // The noise on z0 of a cell whose devices are in states s0, s1 with ln R ln_r0, ln_r1 (1T1R:
  // device 0 only). Each device's ln R noise reaches z0 through d ln(R + Rs) / d ln R =
  // R / (R + Rs).
  MarginNoise noise(State s0, double ln_r0, State s1, double ln_r1) const;
  // The flip risks of a cell with margin z0 and margin noise `n`.
  static FlipRisk flipRisk(double z0, const MarginNoise &n);

  // The states as read (after ageing at env.cycles, retention and temperature): medians (ln)
  // and total sigmas.
  double lnLrsAtRead() const { return read_lrs_; }
  double lnHrsAtRead() const { return read_hrs_; }
  double sigmaLrsAtRead() const { return read_sigma_lrs_; }
  double sigmaHrsAtRead() const { return read_sigma_hrs_; }
  // ln of the 1T1R reference a tile is set to before its trim error: the fixed reference, or the
  // BER-optimal point between the states as read (array trim). At programming (the verify
  // reads) an array-trimmed reference sits at the optimum of the fresh states.
  double lnReference() const { return ln_ref_read_; }
  double lnReferenceAtProgramming() const { return ln_ref_program_; }

private:
  DeviceModel model_;
  Environment env_;
  Aged aged_;
  double ln_fresh_lrs_ = 0, ln_fresh_hrs_ = 0, ln_pristine_ = 0;
  double shift_lrs_ = 0, shift_hrs_ = 0, spread_ = 0; // retention
  double temp_lrs_ = 0, temp_hrs_ = 0;                // read temperature
  double read_lrs_ = 0, read_hrs_ = 0, read_sigma_lrs_ = 0, read_sigma_hrs_ = 0;
  double ln_ref_read_ = 0, ln_ref_program_ = 0;
};

} // namespace bnnc::device
