// The programming-condition presets, compiled in. data/conditions.json holds the same numbers
// with the source of each; a unit test keeps the two equal.
#include "bnnc/image/condition.h"
#include "bnnc/support/error.h"

namespace bnnc::image {

// Columns: name, SET compliance (uA), SET voltage (V), RESET voltage (V), pulse width (ns), SET
// and RESET energy per pulse (pJ), 2T2R BER bound, endurance (cycles).
// Compliance, RESET voltage, pulse width and BER bound are the talk's table (Bocquet et al. IEDM
// 2018; Hirtzlin et al., Front. Neurosci. 13:1383, 2020), not checked against the papers. The
// SET voltage (1.5 V, from the talk's ~300 pJ per 1 us SET at 200 uA), the pulse energies and
// the endurance are the programming law's (lib/device/programming_law.cpp, which the image
// module cannot call: a unit test keeps these numbers equal to the law's, rounded).
const std::vector<Condition> &conditionPresets() {
  static const std::vector<Condition> presets = {
      {"typical", 200, 1.5, 2.5, 1000, 294.9, 286.1, 1e-7, 1e8},
      {"endurance", 200, 1.5, 1.5, 1000, 294.9, 195.9, 1e-4, 1e10},
      {"low-energy", 200, 1.5, 2.0, 100, 24.9, 24.0, 1e-5, 2e9},
  };
  return presets;
}

const Condition &conditionByName(const std::string &name) {
  std::string known;
  for (const Condition &c : conditionPresets()) {
    if (c.name == name)
      return c;
    known += (known.empty() ? "" : ", ") + c.name;
  }
  throw Error("--condition: error: unknown programming condition '" + name + "' (known: " + known +
              ")");
}

} // namespace bnnc::image
