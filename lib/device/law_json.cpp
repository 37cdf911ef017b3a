// The programming-law file: strict parsing (every coefficient {"value", "source"}) and the
// compiled-in default, equal to data/programming-law.json.
#include "bnnc/device/programming_law.h"
#include "json_reader.h"

#include <array>

namespace bnnc::device {

namespace {

struct Coefficient {
  const char *key;
  double ProgrammingLaw::*member;
  Range range;
};

const Range kAny{-100, 100};
const Range kNonNegative{0, 1e30};
const Range kPositive{0, 1e30, true};

// In the order of data/programming-law.json (and of the "missing key" checks).
const std::array<Coefficient, 51> kCoefficients = {{
    {"reference_reset_v", &ProgrammingLaw::reference_reset_v, kPositive},
    {"reference_pulse_ns", &ProgrammingLaw::reference_pulse_ns, kPositive},
    {"lrs_voltage_v", &ProgrammingLaw::lrs_voltage_v, kPositive},
    {"lrs_short_pulse_per_decade", &ProgrammingLaw::lrs_short_pulse_per_decade, kNonNegative},
    {"lrs_sigma_at_reference", &ProgrammingLaw::lrs_sigma_at_reference, kNonNegative},
    {"lrs_sigma_reference_ohm", &ProgrammingLaw::lrs_sigma_reference_ohm, kPositive},
    {"lrs_d2d_share", &ProgrammingLaw::lrs_d2d_share, {0, 1}},
    {"window_at_reference", &ProgrammingLaw::window_at_reference, kPositive},
    {"window_per_volt", &ProgrammingLaw::window_per_volt, kNonNegative},
    {"volts_per_decade", &ProgrammingLaw::volts_per_decade, kNonNegative},
    {"hrs_sigma_at_reference", &ProgrammingLaw::hrs_sigma_at_reference, kNonNegative},
    {"hrs_sigma_per_window", &ProgrammingLaw::hrs_sigma_per_window, kAny},
    {"hrs_d2d_share", &ProgrammingLaw::hrs_d2d_share, {0, 1}},
    {"endurance_at_reference", &ProgrammingLaw::endurance_at_reference, kPositive},
    {"endurance_decades_per_window_decade", &ProgrammingLaw::endurance_decades_per_window_decade,
     kNonNegative},
    {"ageing_lrs_drift", &ProgrammingLaw::ageing_lrs_drift, {0, 5}},
    {"ageing_hrs_drift", &ProgrammingLaw::ageing_hrs_drift, {0, 5}},
    {"ageing_sigma_growth", &ProgrammingLaw::ageing_sigma_growth, {0, 10}},
    {"failure_decades_past_endurance", &ProgrammingLaw::failure_decades_past_endurance,
     kNonNegative},
    {"failure_sigma_decades", &ProgrammingLaw::failure_sigma_decades, {0, 10}},
    {"failure_rate_at_reference", &ProgrammingLaw::failure_rate_at_reference, {0, 1}},
    {"failure_decades_per_volt", &ProgrammingLaw::failure_decades_per_volt, kNonNegative},
    {"stuck_lrs_at_reference", &ProgrammingLaw::stuck_lrs_at_reference, {0, 1}},
    {"stuck_lrs_decades_per_volt", &ProgrammingLaw::stuck_lrs_decades_per_volt, kNonNegative},
    {"stuck_hrs", &ProgrammingLaw::stuck_hrs, {0, 0.5}},
    {"never_formed", &ProgrammingLaw::never_formed, {0, 0.5}},
    {"set_delay_ns", &ProgrammingLaw::set_delay_ns, kNonNegative},
    {"set_voltage_v", &ProgrammingLaw::set_voltage_v, kPositive},
    {"read_sigma", &ProgrammingLaw::read_sigma, {0, 5}},
    {"telegraph_lrs_sigma", &ProgrammingLaw::telegraph_lrs_sigma, {0, 5}},
    {"telegraph_hrs_sigma", &ProgrammingLaw::telegraph_hrs_sigma, {0, 5}},
    {"sense_offset_sigma", &ProgrammingLaw::sense_offset_sigma, {0, 5}},
    {"series_ohm", &ProgrammingLaw::series_ohm, {0, 1e12}},
    {"reference_sigma", &ProgrammingLaw::reference_sigma, {0, 5}},
    {"retention_lrs_drift", &ProgrammingLaw::retention_lrs_drift, {0, 5}},
    {"retention_hrs_drift_at_reference", &ProgrammingLaw::retention_hrs_drift_at_reference, {0, 5}},
    {"retention_hrs_drift_per_window", &ProgrammingLaw::retention_hrs_drift_per_window, kAny},
    {"retention_tail_relaxation", &ProgrammingLaw::retention_tail_relaxation, {0, 10}},
    {"retention_sigma_growth", &ProgrammingLaw::retention_sigma_growth, {0, 5}},
    {"retention_reference_s", &ProgrammingLaw::retention_reference_s, {0, 1e12, true}},
    {"retention_activation_ev", &ProgrammingLaw::retention_activation_ev, {0, 5}},
    {"retention_reference_k", &ProgrammingLaw::retention_reference_k, {0, 2000, true}},
    {"temperature_reference_k", &ProgrammingLaw::temperature_reference_k, {0, 2000, true}},
    {"lrs_coefficient_per_k", &ProgrammingLaw::lrs_coefficient_per_k, {-0.1, 0.1}},
    {"hrs_activation_ev", &ProgrammingLaw::hrs_activation_ev, {0, 5}},
    {"verify_margin_share", &ProgrammingLaw::verify_margin_share, {0, 1}},
    {"verify_retries", &ProgrammingLaw::verify_retries, {0, 100, false, true}},
    {"min_compliance_ua", &ProgrammingLaw::min_compliance_ua, kPositive},
    {"max_compliance_ua", &ProgrammingLaw::max_compliance_ua, kPositive},
    {"min_pulse_ns", &ProgrammingLaw::min_pulse_ns, kPositive},
    {"max_pulse_ns", &ProgrammingLaw::max_pulse_ns, kPositive},
}};

} // namespace

ProgrammingLaw parseProgrammingLaw(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  JsonReader r(source);
  ProgrammingLaw law;
  std::vector<const char *> keys = {"name", "description"};
  for (const Coefficient &c : kCoefficients)
    keys.push_back(c.key);
  r.objectOf(doc, "", keys, [&](const std::string &key, const json &v, const std::string &p) {
    if (key == "name" || key == "description") {
      std::string s = r.string(v, p);
      if (key == "name")
        law.name = s;
      return;
    }
    for (const Coefficient &c : kCoefficients)
      if (key == c.key)
        law.*c.member = r.sourcedNumber(v, p, c.range);
  });
  r.require(doc, "", "name");
  for (const Coefficient &c : kCoefficients)
    r.require(doc, "", c.key);
  return law;
}

} // namespace bnnc::device
