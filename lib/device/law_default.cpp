// The programming law of data/programming-law.json, compiled in; the file gives the source of
// every coefficient (a unit test keeps the two equal).
#include "bnnc/device/programming_law.h"

namespace bnnc::device {

namespace {

ProgrammingLaw makeDefaultLaw() {
  ProgrammingLaw l;
  l.name = "hfo2-oxram-2t2r";
  l.reference_reset_v = 2.5;
  l.reference_pulse_ns = 1000;
  l.lrs_voltage_v = 0.6;
  l.lrs_short_pulse_per_decade = 0.288;
  l.lrs_sigma_at_reference = 0.1414;
  l.lrs_sigma_reference_ohm = 3000;
  l.lrs_d2d_share = 0.7071;
  l.window_at_reference = 3.344;
  l.window_per_volt = 1.307;
  l.volts_per_decade = 0.15;
  l.hrs_sigma_at_reference = 0.61;
  l.hrs_sigma_per_window = 0.084;
  l.hrs_d2d_share = 0.573;
  l.endurance_at_reference = 1e8;
  l.endurance_decades_per_window_decade = 3.5235;
  l.ageing_lrs_drift = 0.08;
  l.ageing_hrs_drift = 0.25;
  l.ageing_sigma_growth = 0.1;
  l.failure_decades_past_endurance = 3;
  l.failure_sigma_decades = 0.5;
  l.failure_rate_at_reference = 1e-9;
  l.failure_decades_per_volt = 3;
  l.stuck_lrs_at_reference = 1e-9;
  l.stuck_lrs_decades_per_volt = 2;
  l.stuck_hrs = 1e-9;
  l.never_formed = 1e-9;
  l.set_delay_ns = 17;
  l.set_voltage_v = 1.5;
  l.read_sigma = 0.05;
  l.telegraph_lrs_sigma = 0.02;
  l.telegraph_hrs_sigma = 0.08;
  l.sense_offset_sigma = 0.05;
  l.series_ohm = 1500;
  l.reference_sigma = 0.05;
  l.retention_lrs_drift = 0.005;
  l.retention_hrs_drift_at_reference = 0.02;
  l.retention_hrs_drift_per_window = 0.0077;
  l.retention_tail_relaxation = 0.2;
  l.retention_sigma_growth = 0.01;
  l.retention_reference_s = 1;
  l.retention_activation_ev = 1.2;
  l.retention_reference_k = 300;
  l.temperature_reference_k = 300;
  l.lrs_coefficient_per_k = 0.001;
  l.hrs_activation_ev = 0.05;
  l.verify_margin_share = 0.5;
  l.verify_retries = 3;
  l.min_compliance_ua = 50;
  l.max_compliance_ua = 500;
  l.min_pulse_ns = 10;
  l.max_pulse_ns = 100000;
  return l;
}

} // namespace

const ProgrammingLaw &defaultProgrammingLaw() {
  static const ProgrammingLaw law = makeDefaultLaw();
  return law;
}

} // namespace bnnc::device
