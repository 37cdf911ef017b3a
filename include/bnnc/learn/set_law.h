// How one device responds to the analog SET of learning: the device model's statistics
// (docs/device-model.md) with the programming law of data/learning.json, under an environment
// (docs/learning.md, "Programming law"). Resistances in ohm, conductances in uS, currents in uA.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/device/physics.h"
#include "bnnc/image/condition.h"
#include "bnnc/image/posterior.h"

namespace bnnc::learn {

class SetLaw {
public:
  SetLaw(const device::DeviceModel &model, const device::Environment &env,
         const image::Condition &condition, const image::ProgrammingLaw &law);

  // The compliance current the periphery applies to aim at `target_us`: the law at the devices'
  // age inverted, clamped to the law's current range.
  double complianceUa(double target_us) const;
  // The median conductance of a fresh device SET at `i_ua`: 1e6 / R(I).
  double nominalUs(double i_ua) const;
  // ln of the median resistance a SET at `i_ua` leaves on this device model now: the fresh law,
  // moved by the ageing of the LRS, at most the (aged) HRS median.
  double medianLnR(double i_ua) const;
  // Cycle-to-cycle sigma of ln R of a SET at `i_ua`.
  double c2cSigma(double i_ua) const;
  // Energy of one SET pulse at `i_ua` and of one RESET pulse of a device of `g_us` (pJ).
  double setEnergyPj(double i_ua) const;
  double resetEnergyPj(double g_us) const;

  const device::Physics &physics() const { return physics_; }
  const device::DeviceModel &model() const { return physics_.model(); }
  const image::Condition &condition() const { return condition_; }
  const image::ProgrammingLaw &law() const { return law_; }

private:
  device::Physics physics_;
  image::Condition condition_;
  image::ProgrammingLaw law_;
  double ln_lrs_ref_ = 0; // ln of the fresh LRS median at the condition's compliance
  double age_shift_ = 0;  // how far ageing moved the LRS median (ln units)
};

// 1e6 / R: ohm to uS, and back.
double toMicrosiemens(double ohm);

} // namespace bnnc::learn
