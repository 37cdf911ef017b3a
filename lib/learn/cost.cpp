// Pricing the events of learning (docs/learning.md, "Energy and time").
#include "bnnc/learn/cost.h"

#include <cmath>

namespace bnnc::learn {

Events &Events::operator+=(const Events &o) {
  set_pulses += o.set_pulses;
  reset_pulses += o.reset_pulses;
  set_energy_pj += o.set_energy_pj;
  reset_energy_pj += o.reset_energy_pj;
  device_reads += o.device_reads;
  row_reads += o.row_reads;
  macs += o.macs;
  luts += o.luts;
  buffer_bits += o.buffer_bits;
  rng_draws += o.rng_draws;
  return *this;
}

// E = pulses (each at its own current) + device reads x E_read + (MACs x E_mac + lookups x E_lut)
//   + buffer bits x E_bit + draws x E_rng.
// t = pulses x pulse width (one device at a time: each SET has its own compliance)
//   + row reads x t_row (a row's devices at once, one ADC per column)
//   + (ceil(MACs / units) + lookups) clock cycles.
Cost price(const Events &e, const Constants &k, const image::Condition &condition) {
  Cost c;
  c.programming_pj = e.set_energy_pj + e.reset_energy_pj;
  c.reads_pj = double(e.device_reads) * k.device_read_pj;
  c.arithmetic_pj = double(e.macs) * k.mac_pj + double(e.luts) * k.lut_pj;
  c.buffer_pj = double(e.buffer_bits) * k.buffer_read_bit_fj / 1000;
  c.rng_pj = double(e.rng_draws) * k.rng_pj;
  double cycles = std::ceil(double(e.macs) / k.mac_units) + double(e.luts);
  c.time_ns = double(e.set_pulses + e.reset_pulses) * condition.pulse_ns +
              double(e.row_reads) * k.row_read_ns + cycles * 1000 / k.clock_mhz;
  return c;
}

std::vector<std::pair<std::string, double>> components(const Cost &c) {
  return {{"programming", c.programming_pj},
          {"reads", c.reads_pj},
          {"arithmetic", c.arithmetic_pj},
          {"buffer", c.buffer_pj},
          {"rng", c.rng_pj}};
}

} // namespace bnnc::learn
