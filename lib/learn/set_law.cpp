// The analog SET of learning (docs/learning.md, "Programming law").
#include "bnnc/learn/set_law.h"

#include <algorithm>
#include <cmath>

namespace bnnc::learn {

double toMicrosiemens(double ohm) { return 1e6 / ohm; }

SetLaw::SetLaw(const device::DeviceModel &model, const device::Environment &env,
               const image::Condition &condition, const image::ProgrammingLaw &law)
    : physics_(model, env), condition_(condition), law_(law),
      ln_lrs_ref_(std::log(model.lrs.median_ohm)),
      age_shift_(physics_.lnLrsProgrammed() - ln_lrs_ref_) {}

// R(I) = R_ref (I_ref / I)^a on a fresh device, G(I) = 1e6 / R(I).
double SetLaw::nominalUs(double i_ua) const {
  double ln_r =
      ln_lrs_ref_ + law_.conductance_exponent * std::log(condition_.set_compliance_ua / i_ua);
  return toMicrosiemens(std::exp(ln_r));
}

// The periphery knows the law of its devices at their age (it measures the median a SET at a few
// currents leaves, on spare rows, before learning): R(I) = R_ref (I_ref / I)^a e^shift, so
// I = I_ref (G R_ref e^shift / 1e6)^(1/a).
double SetLaw::complianceUa(double target_us) const {
  double ln_ratio =
      (std::log(target_us * 1e-6) + ln_lrs_ref_ + age_shift_) / law_.conductance_exponent;
  double i = condition_.set_compliance_ua * std::exp(ln_ratio);
  return std::clamp(i, law_.set_current_min_ua, law_.set_current_max_ua);
}

// Ageing moves the LRS up and the HRS down (docs/device-model.md, 3.1): every SET level moves with
// the LRS median, and none can end above the HRS, where the two states meet when the window is
// closed.
double SetLaw::medianLnR(double i_ua) const {
  double fresh =
      ln_lrs_ref_ + law_.conductance_exponent * std::log(condition_.set_compliance_ua / i_ua);
  return std::min(fresh + age_shift_, physics_.lnHrsProgrammed());
}

// sigma(I) = sigma_c2c(I_ref) (I_ref / I)^b: a filament of N ~ I defects spreads as 1/sqrt(N).
double SetLaw::c2cSigma(double i_ua) const {
  return model().lrs.sigma_c2c * std::pow(condition_.set_compliance_ua / i_ua, law_.c2c_exponent);
}

// The compliance caps the SET current for the pulse: E = E_ref I / I_ref.
double SetLaw::setEnergyPj(double i_ua) const {
  return condition_.set_energy_pj * i_ua / condition_.set_compliance_ua;
}

// A RESET drives the device's own current, V_reset G, until it switches: E = E_ref G / G_ref with
// G_ref the LRS median at the condition's compliance, whose RESET the condition prices.
double SetLaw::resetEnergyPj(double g_us) const {
  return condition_.reset_energy_pj * g_us / toMicrosiemens(model().lrs.median_ohm);
}

} // namespace bnnc::learn
