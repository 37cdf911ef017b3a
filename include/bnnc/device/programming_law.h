// The programming law (docs/device-model.md, "The programming law"): from a programming condition
// (SET compliance current, SET and RESET voltages, pulse width, verify policy) to the device
// model it produces (LRS and HRS distributions, failures, endurance, wear) and to the energy of
// its pulses. Its coefficients live in data/programming-law.json, each with its source; the
// three presets of data/conditions.json and data/devices.json are points of it.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/image/condition.h"

#include <optional>
#include <string>

namespace bnnc::device {

struct ProgrammingLaw {
  std::string name;
  // The condition the window and endurance are referred to.
  double reference_reset_v = 0, reference_pulse_ns = 0;
  // LRS: R = lrs_voltage_v / I_C, higher for pulses shorter than the reference; its spread grows
  // as sqrt(R / lrs_sigma_reference_ohm).
  double lrs_voltage_v = 0, lrs_short_pulse_per_decade = 0;
  double lrs_sigma_at_reference = 0, lrs_sigma_reference_ohm = 0, lrs_d2d_share = 0;
  // HRS: the window ln(R_HRS / R_LRS) grows linearly with the effective RESET voltage
  // V + volts_per_decade log10(t / t_ref); its spread grows with the window.
  double window_at_reference = 0, window_per_volt = 0, volts_per_decade = 0;
  double hrs_sigma_at_reference = 0, hrs_sigma_per_window = 0, hrs_d2d_share = 0;
  // Endurance falls with the window (decades of cycles per decade of window).
  double endurance_at_reference = 0, endurance_decades_per_window_decade = 0;
  // Wear past the endurance, and failures by endurance.
  double ageing_lrs_drift = 0, ageing_hrs_drift = 0, ageing_sigma_growth = 0;
  double failure_decades_past_endurance = 0, failure_sigma_decades = 0;
  // Pulse failures and stuck LRS devices grow as the effective RESET weakens.
  double failure_rate_at_reference = 0, failure_decades_per_volt = 0;
  double stuck_lrs_at_reference = 0, stuck_lrs_decades_per_volt = 0;
  double stuck_hrs = 0, never_formed = 0;
  // SET energy: the current flows at the compliance after a switching delay; the SET voltage a
  // condition file leaves out.
  double set_delay_ns = 0, set_voltage_v = 0;
  // What does not depend on the condition: read path, retention, temperature.
  double read_sigma = 0, telegraph_lrs_sigma = 0, telegraph_hrs_sigma = 0;
  double sense_offset_sigma = 0, series_ohm = 0, reference_sigma = 0;
  double retention_lrs_drift = 0, retention_hrs_drift_at_reference = 0,
         retention_hrs_drift_per_window = 0, retention_tail_relaxation = 0,
         retention_sigma_growth = 0, retention_reference_s = 0, retention_activation_ev = 0,
         retention_reference_k = 0;
  double temperature_reference_k = 0, lrs_coefficient_per_k = 0, hrs_activation_ev = 0;
  double verify_margin_share = 0; // default verify margin, as a share of the median window
  double verify_retries = 0;      // default retries of a verify policy
  // Where the law was calibrated and may be used: condition files outside are refused.
  double min_compliance_ua = 0, max_compliance_ua = 0, min_pulse_ns = 0, max_pulse_ns = 0;
  bool operator==(const ProgrammingLaw &) const = default;
};

// The law of data/programming-law.json, compiled in (a unit test keeps the two equal).
const ProgrammingLaw &defaultProgrammingLaw();
// Parses a law file (same strict rules as the technology file: every coefficient a
// {"value", "source"} pair).
ProgrammingLaw parseProgrammingLaw(const std::string &text, const std::string &source);

// The quantities of a condition under the law.
struct LawPoint {
  double effective_reset_v = 0; // V_reset + volts_per_decade log10(t / t_ref)
  double lrs_ohm = 0, hrs_ohm = 0;
  double lrs_sigma = 0, hrs_sigma = 0; // total sigmas of ln R
  double window = 0;                   // ln(hrs_ohm / lrs_ohm)
  double endurance_cycles = 0;
  double set_energy_pj = 0, reset_energy_pj = 0;
};
LawPoint lawPoint(const ProgrammingLaw &law, const image::Condition &c);

// The device model the condition produces (named like the condition, 2T2R, verify off unless
// `verify` is given).
DeviceModel lawDevice(const ProgrammingLaw &law, const image::Condition &c,
                      const std::optional<DeviceModel::Verify> &verify = std::nullopt);

// A programming condition from a file (docs/programming.md, "Condition files"): its name, SET
// compliance, RESET voltage and pulse width (the SET voltage optional), and an optional verify
// policy. The energies, the endurance and the BER "bound" (the law's analytic 2T2R BER) are the
// law's. Errors name the file and a JSON pointer.
struct ConditionFile {
  image::Condition condition;
  std::optional<DeviceModel::Verify> verify;
};
ConditionFile parseConditionFile(const std::string &text, const std::string &source);
// A preset name (image::conditionByName) or a condition file.
ConditionFile loadCondition(const std::string &name_or_path);

} // namespace bnnc::device
