// ARCH (the architecture the image was mapped for) and COND (the programming condition).
#include "codec.h"
#include "sections.h"
#include "text.h"

#include <cmath>

namespace bnnc::image {

std::vector<uint8_t> encodeArch(const mapping::Arch &a) {
  ByteWriter w;
  w.str(a.name);
  w.i64(a.tile_rows);
  w.i64(a.tile_cols);
  w.i64(a.popcount_bits);
  w.i64(a.tiles);
  w.f64(a.clock_mhz);
  return w.take();
}

mapping::Arch decodeArch(SectionReader &r) {
  mapping::Arch a;
  // Offsets of the fields, so that a problem found by checkArch points at its field.
  uint64_t at[6];
  at[0] = r.offset(), a.name = r.str("the architecture name");
  at[1] = r.offset(), a.tile_rows = r.i64("tile_rows");
  at[2] = r.offset(), a.tile_cols = r.i64("tile_cols");
  at[3] = r.offset(), a.popcount_bits = r.i64("popcount_bits");
  at[4] = r.offset(), a.tiles = r.i64("tiles");
  at[5] = r.offset(), a.clock_mhz = r.f64("clock_mhz");
  if (auto problem = mapping::checkArch(a)) {
    const char *fields[6] = {"name",          "tile_rows", "tile_cols",
                             "popcount_bits", "tiles",     "clock_mhz"};
    int i = 0;
    while (i < 5 && problem->field != fields[i])
      ++i;
    r.fail(at[i], problem->field + " " + problem->message);
  }
  return a;
}

std::vector<uint8_t> encodeCondition(const Condition &c) {
  ByteWriter w;
  w.str(c.name);
  for (double v : {c.set_compliance_ua, c.set_voltage_v, c.reset_voltage_v, c.pulse_ns,
                   c.set_energy_pj, c.reset_energy_pj, c.ber_bound, c.endurance_cycles})
    w.f64(v);
  return w.take();
}

Condition decodeCondition(SectionReader &r) {
  Condition c;
  uint64_t at = r.offset();
  c.name = r.str("the condition name");
  if (c.name.empty())
    r.fail(at, "the condition name is empty");
  struct Field {
    const char *name;
    double *value;
  };
  Field fields[] = {{"set_compliance_ua", &c.set_compliance_ua},
                    {"set_voltage_v", &c.set_voltage_v},
                    {"reset_voltage_v", &c.reset_voltage_v},
                    {"pulse_ns", &c.pulse_ns},
                    {"set_energy_pj", &c.set_energy_pj},
                    {"reset_energy_pj", &c.reset_energy_pj},
                    {"ber_bound", &c.ber_bound},
                    {"endurance_cycles", &c.endurance_cycles}};
  for (const Field &f : fields) {
    at = r.offset();
    double v = *f.value = r.f64(f.name);
    if (!(v > 0) || std::isinf(v)) // the negation also catches NaN
      r.fail(at, std::string(f.name) + " is " + formatDouble(v) + ", not a positive number");
    if (f.value == &c.ber_bound && v > 1)
      r.fail(at, "ber_bound is " + formatDouble(v) + ", more than 1");
  }
  return c;
}

} // namespace bnnc::image
