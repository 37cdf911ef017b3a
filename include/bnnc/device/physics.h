// The device physics that programChip, analyticBitErrorRate and the Monte-Carlo estimators share:
// the ageing and retention laws, the resistance of a programmed device and the sense margin of a
// cell. docs/device-model.md derives every formula used here.
#pragma once

#include "bnnc/device/device_model.h"

#include <cstdint>

namespace bnnc::device {

// A never-formed device keeps its pristine resistance, this many times the (fresh) HRS median.
constexpr double kPristineFactor = 100;

// Phi(-x), the upper tail of the standard normal, accurate far into the tail (through erfc).
double normalTail(double x);
// P(margin + sigma * N(0, 1) < 0) = Phi(-margin / sigma): the probability that a Gaussian margin
// falls on the wrong side. With sigma = 0: 1 below 0, 0 above, 1/2 at 0 (a tie reads bit 0, so
// it is wrong for one of the two stored bits).
double wrongSideProbability(double margin, double sigma);

// Decades of cycling past the onset: log10(cycles / onset) when cycles > onset, else 0 (an onset
// below 1 counts as 1).
double ageingDecades(const DeviceModel &model, const Environment &env);
// Arrhenius acceleration of retention at env.temperature_k: exp(-Ea/k (1/T - 1/T_ref)).
double retentionAcceleration(const DeviceModel &model, const Environment &env);
// Decades of retention: log10(1 + t_eff / reference_s), t_eff = retention_s x acceleration.
double retentionDecades(const DeviceModel &model, const Environment &env);

// The state a device is in: programmed LRS or HRS (or stuck there), or never formed.
enum class State : uint8_t { Lrs, Hrs, Pristine };

// The fault of a device from one uniform u in [0, 1): [0, a) stuck LRS, [a, a + b) stuck HRS,
// [a + b, a + b + c) never formed (Pristine), with a, b, c the model's rates (their sum is at most
// 1); false for a working device.
bool drawFault(const DeviceModel::Faults &faults, double u, State &stuck_state);

// One device model under one environment, with the laws evaluated once.
class Physics {
public:
  Physics(const DeviceModel &model, const Environment &env);
  const DeviceModel &model() const { return model_; }

  // ln R of a device programmed to `s` now: the aged median plus sigma_d2d x d2d (a standard
  // normal fixed per device of a chip) plus sigma_c2c x c2c (new at every programming). A
  // never-formed device has the pristine resistance, spread by the HRS d2d sigma only.
  double programmed(State s, double d2d, double c2c) const;
  // ln R at read time of a device in state `s` that was programmed to ln R = `ln_r`: retention
  // moves LRS up and HRS down by the same shift; a pristine device does not move.
  double atRead(State s, double ln_r) const;
  // The sense margin z0 (ln units; > 0 reads bit 1) of a cell whose devices have ln R ln_r0 and
  // ln_r1, with the column's sense offset `offset` (ln units): 2T2R ln_r1 - ln_r0 + offset, 1T1R
  // ln_ref - ln_r0 + offset.
  double margin(double ln_r0, double ln_r1, double offset) const;
  // Standard deviation of the read noise on z0: sqrt(2) r for 2T2R (two devices), r for 1T1R.
  double readSigma() const { return read_sigma_; }
  // Probability that one read of a cell with margin z0 differs from the noiseless decision:
  // Phi(-|z0| / readSigma()), 0 without read noise.
  double flipProbability(double z0) const;

  // ln of the state medians at programming (after ageing) and at read (after retention too).
  double lnLrsProgrammed() const { return ln_lrs_; }
  double lnHrsProgrammed() const { return ln_hrs_; }
  double lnLrsAtRead() const { return ln_lrs_ + shift_; }
  double lnHrsAtRead() const { return ln_hrs_ - shift_; }
  // ln of the 1T1R reference: reference_ohm, or the geometric mean of the fresh medians.
  double lnReference() const { return ln_ref_; }

private:
  DeviceModel model_;
  double ln_lrs_ = 0, ln_hrs_ = 0; // aged medians
  double shift_ = 0;               // retention shift of each state toward the other
  double ln_pristine_ = 0, ln_ref_ = 0, read_sigma_ = 0;
};

} // namespace bnnc::device
