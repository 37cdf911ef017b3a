// The energy and time of learning and of evaluating a posterior: events counted by the array and
// the chain, priced with the constants file and the programming condition (docs/learning.md,
// "Energy and time").
#pragma once

#include "bnnc/image/condition.h"
#include "bnnc/learn/constants.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bnnc::learn {

struct Events {
  int64_t set_pulses = 0, reset_pulses = 0;
  double set_energy_pj = 0, reset_energy_pj = 0; // each pulse priced by its current
  int64_t device_reads = 0, row_reads = 0;
  int64_t macs = 0, luts = 0;
  int64_t buffer_bits = 0; // training set (or input) bits read from the SRAM buffer
  int64_t rng_draws = 0;   // uniforms of the acceptance test
  Events &operator+=(const Events &o);
};

struct Cost {
  // pJ per component: "programming", "reads", "arithmetic", "buffer", "rng".
  double programming_pj = 0, reads_pj = 0, arithmetic_pj = 0, buffer_pj = 0, rng_pj = 0;
  double time_ns = 0; // pulses one after the other, rows read at once, arithmetic at the clock
  double total_pj() const { return programming_pj + reads_pj + arithmetic_pj + buffer_pj + rng_pj; }
};

Cost price(const Events &events, const Constants &constants, const image::Condition &condition);
// The five components as (name, pJ), in the order listed above.
std::vector<std::pair<std::string, double>> components(const Cost &cost);

} // namespace bnnc::learn
