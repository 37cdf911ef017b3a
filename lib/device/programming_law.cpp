// The programming law: a condition's LRS and HRS, endurance, failures and pulse energies
// (docs/device-model.md, "The programming law", derives each line).
#include "bnnc/device/programming_law.h"

#include <algorithm>
#include <cmath>

namespace bnnc::device {

namespace {

constexpr double kMinWindow = 0.05; // ln units: below this the two states are one

double effectiveReset(const ProgrammingLaw &law, const image::Condition &c) {
  // Thermally activated RESET kinetics: a pulse ten times longer does what a pulse
  // volts_per_decade higher does, so a condition acts like its RESET voltage plus
  // volts_per_decade log10(t / t_ref) at the reference width.
  return c.reset_voltage_v + law.volts_per_decade * std::log10(c.pulse_ns / law.reference_pulse_ns);
}

} // namespace

LawPoint lawPoint(const ProgrammingLaw &law, const image::Condition &c) {
  LawPoint p;
  p.effective_reset_v = effectiveReset(law, c);
  // LRS: the filament grows until the compliance limits the current, R_LRS = V_C / I_C; a pulse
  // shorter than the reference stops the growth early: ln R rises per decade it is shorter.
  double shorter = std::max(0.0, std::log10(law.reference_pulse_ns / c.pulse_ns));
  double ln_lrs = std::log(law.lrs_voltage_v / (c.set_compliance_ua * 1e-6)) +
                  law.lrs_short_pulse_per_decade * shorter;
  p.lrs_ohm = std::exp(ln_lrs);
  // The relative spread of a filament of N defects goes as 1 / sqrt(N), N ~ 1 / R.
  p.lrs_sigma = law.lrs_sigma_at_reference * std::sqrt(p.lrs_ohm / law.lrs_sigma_reference_ohm);
  // HRS: the gap opened by the RESET grows with its effective voltage, ln R_HRS / R_LRS linear
  // in it; a deeper gap is also more variable.
  p.window =
      std::max(kMinWindow, law.window_at_reference +
                               law.window_per_volt * (p.effective_reset_v - law.reference_reset_v));
  p.hrs_ohm = p.lrs_ohm * std::exp(p.window);
  p.hrs_sigma =
      std::max(kMinWindow, law.hrs_sigma_at_reference +
                               law.hrs_sigma_per_window * (p.window - law.window_at_reference));
  // Endurance trades against the window: log10 N falls by endurance_decades_per_window_decade
  // per decade of R_HRS / R_LRS (window / ln 10 decades).
  p.endurance_cycles = law.endurance_at_reference *
                       std::pow(10.0, -law.endurance_decades_per_window_decade *
                                          (p.window - law.window_at_reference) / std::log(10.0));
  // SET: the compliance current flows from the supply at V_set once the device has switched,
  // after set_delay_ns. uA x V x ns = fJ; / 1000 for pJ.
  double set_ns = std::max(0.0, c.pulse_ns - law.set_delay_ns);
  p.set_energy_pj = c.set_voltage_v * c.set_compliance_ua * set_ns / 1000;
  // RESET: the current starts at about the compliance (I_reset ~ I_C) and falls, as the gap
  // opens, to V_reset / (R_HRS + Rs); taken linear over the pulse, its mean is the average of the
  // two.
  double end_ua = c.reset_voltage_v / (p.hrs_ohm + law.series_ohm) * 1e6;
  p.reset_energy_pj = c.reset_voltage_v * 0.5 * (c.set_compliance_ua + end_ua) * c.pulse_ns / 1000;
  return p;
}

DeviceModel lawDevice(const ProgrammingLaw &law, const image::Condition &c,
                      const std::optional<DeviceModel::Verify> &verify) {
  LawPoint p = lawPoint(law, c);
  double weaker = law.reference_reset_v - p.effective_reset_v; // volts below the reference
  auto split = [](double total, double share) {
    return ResistanceState{0, total * share, total * std::sqrt(1 - share * share)};
  };
  DeviceModel m;
  m.name = c.name;
  m.condition = c.name;
  m.lrs = split(p.lrs_sigma, law.lrs_d2d_share);
  m.lrs.median_ohm = p.lrs_ohm;
  m.hrs = split(p.hrs_sigma, law.hrs_d2d_share);
  m.hrs.median_ohm = p.hrs_ohm;
  m.read_sigma = law.read_sigma;
  m.telegraph = {law.telegraph_lrs_sigma, law.telegraph_hrs_sigma};
  m.sense_offset_sigma = law.sense_offset_sigma;
  m.series_ohm = law.series_ohm;
  m.reference = {DeviceModel::Reference::Trim::Array, 0, law.reference_sigma};
  m.verify = verify.value_or(
      DeviceModel::Verify{false, int(law.verify_retries), law.verify_margin_share * p.window});
  // A weaker RESET fails more often and leaves more devices stuck in LRS: decades per volt.
  m.program_failure_rate = std::min(1.0, law.failure_rate_at_reference *
                                             std::pow(10.0, law.failure_decades_per_volt * weaker));
  m.ageing = {p.endurance_cycles,
              law.ageing_lrs_drift,
              law.ageing_hrs_drift,
              law.ageing_sigma_growth,
              p.endurance_cycles * std::pow(10.0, law.failure_decades_past_endurance),
              law.failure_sigma_decades};
  // A shallower HRS (smaller window) relaxes faster.
  double hrs_drift = law.retention_hrs_drift_at_reference +
                     law.retention_hrs_drift_per_window * (law.window_at_reference - p.window);
  m.retention = {law.retention_lrs_drift,       std::max(0.0, hrs_drift),
                 law.retention_tail_relaxation, law.retention_sigma_growth,
                 law.retention_reference_s,     law.retention_activation_ev,
                 law.retention_reference_k};
  m.temperature = {law.temperature_reference_k, law.lrs_coefficient_per_k, law.hrs_activation_ev};
  double stuck =
      law.stuck_lrs_at_reference * std::pow(10.0, law.stuck_lrs_decades_per_volt * weaker);
  m.faults = {std::min(stuck, 1.0 - law.stuck_hrs - law.never_formed), law.stuck_hrs,
              law.never_formed};
  return m;
}

} // namespace bnnc::device
