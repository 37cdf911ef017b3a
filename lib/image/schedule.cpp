// The device programming schedule and its totals.
#include "bnnc/image/schedule.h"

namespace bnnc::image {

namespace {

// Totals of `sets` SETs and `resets` RESETs under `condition` (docs/programming.md, "Totals").
ScheduleTotals totalsOf(int64_t sets, int64_t resets, const Condition &condition) {
  ScheduleTotals totals;
  totals.sets = sets;
  totals.resets = resets;
  totals.pulses = sets + resets;
  // pJ -> nJ: / 1000.
  totals.energy_nj =
      (double(sets) * condition.set_energy_pj + double(resets) * condition.reset_energy_pj) / 1000;
  // One pulse after the other; ns -> us: / 1000.
  totals.time_us = double(totals.pulses) * condition.pulse_ns / 1000;
  return totals;
}

} // namespace

std::vector<DeviceOp> buildSchedule(const mapping::Mapping &mapping) {
  size_t cells = 0;
  for (const mapping::Tile &t : mapping.tiles)
    cells += size_t(t.rows * t.cols);
  std::vector<DeviceOp> ops;
  ops.reserve(2 * cells);
  forEachDeviceOp(mapping, [&ops](const DeviceOp &op) { ops.push_back(op); });
  return ops;
}

ScheduleTotals scheduleTotals(const std::vector<DeviceOp> &ops, const Condition &condition) {
  int64_t sets = 0;
  for (const DeviceOp &op : ops)
    sets += op.set;
  return totalsOf(sets, int64_t(ops.size()) - sets, condition);
}

ScheduleTotals scheduleTotals(const mapping::Mapping &mapping, const Condition &condition) {
  // Every used cell gets exactly one RESET and one SET (forEachDeviceOp).
  int64_t cells = 0;
  for (const mapping::Tile &t : mapping.tiles)
    cells += t.rows * t.cols;
  return totalsOf(cells, cells, condition);
}

} // namespace bnnc::image
