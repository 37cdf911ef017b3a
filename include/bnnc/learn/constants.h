// The constants of in-memory learning: the programming law of an analog SET and the per-event
// costs of the periphery (data/learning.json, every constant with its source; schema in
// docs/learning.md, "The constants file").
#pragma once

#include "bnnc/image/posterior.h"

#include <string>

namespace bnnc::learn {

struct Constants {
  std::string name;
  image::ProgrammingLaw law;
  double device_read_pj = 0;     // one device read through its column's ADC
  double row_read_ns = 0;        // one row of devices read at once
  double mac_pj = 0;             // one 8-bit multiply-accumulate of the likelihood
  double lut_pj = 0;             // one nonlinearity from a table (log-sigmoid, exp, tanh)
  double buffer_read_bit_fj = 0; // one bit of the training set read from its SRAM buffer
  double rng_pj = 0;             // one uniform number for the acceptance test
  double mac_units = 1;          // multiply-accumulate units working in parallel
  double clock_mhz = 100;        // clock of the periphery's arithmetic
  double cpu_core_w = 0;         // one busy CPU core, for the CPU reference's energy estimate
  bool operator==(const Constants &) const = default;
};

// Parses and validates a constants JSON text; errors name `source` and a JSON pointer
// ("l.json: /mac_pj/value: error: must be a non-negative number, got -1").
Constants parseConstants(const std::string &text, const std::string &source);
Constants loadConstants(const std::string &path);
Constants defaultConstants(); // identical to data/learning.json

} // namespace bnnc::learn
