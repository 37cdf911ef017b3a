// Programming conditions: the pulse parameters used to program every device, as named presets
// (typical, endurance, low-energy) in data/conditions.json, each value with its source.
#pragma once

#include <string>
#include <vector>

namespace bnnc::image {

struct Condition {
  std::string name;             // "typical", "endurance", "low-energy"
  double set_compliance_ua = 0; // SET compliance current
  double set_voltage_v = 0;     // SET pulse amplitude
  double reset_voltage_v = 0;   // RESET pulse amplitude
  double pulse_ns = 0;          // width of one SET or RESET pulse
  double set_energy_pj = 0;     // energy of one SET pulse
  double reset_energy_pj = 0;   // energy of one RESET pulse
  double ber_bound = 0;         // 2T2R bit error rate bound reported for it
  double endurance_cycles = 0;  // cycles the devices withstand under it
  bool operator==(const Condition &) const = default;
};

// The presets compiled in; identical to data/conditions.json (a test checks they agree).
const std::vector<Condition> &conditionPresets();
// Looks a preset up by name; throws bnnc::Error listing the known names otherwise.
const Condition &conditionByName(const std::string &name);

} // namespace bnnc::image
