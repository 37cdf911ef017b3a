// The programming-condition presets, compiled in. data/conditions.json holds the same numbers
// with the source of each; a unit test keeps the two equal.
#include "bnnc/image/condition.h"
#include "bnnc/support/error.h"

namespace bnnc::image {

// Columns: name, SET compliance (uA), SET voltage (V), RESET voltage (V), pulse width (ns), SET
// and RESET energy per pulse (pJ), 2T2R BER bound, endurance (cycles).
// All but the SET voltage are the talk's table (Bocquet et al. IEDM 2018; Hirtzlin et al.,
// Front. Neurosci. 13:1383, 2020), not checked against the papers. "~300 pJ (SET/RESET)" is
// read as the energy of one SET pulse and of one RESET pulse. The SET voltage is not in the talk:
// 2 V is a calibration guess (docs/programming.md says why), the same for every preset because
// the talk varies only the RESET voltage and the pulse width.
const std::vector<Condition> &conditionPresets() {
  static const std::vector<Condition> presets = {
      {"typical", 200, 2.0, 2.5, 1000, 300, 300, 1e-7, 1e8},
      {"endurance", 200, 2.0, 1.5, 1000, 300, 300, 1e-4, 1e10},
      {"low-energy", 200, 2.0, 2.0, 100, 25, 25, 1e-5, 1e8},
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
