// The device programming schedule and its totals.
#include "bnnc/image/schedule.h"

namespace bnnc::image {

std::vector<DeviceOp> buildSchedule(const mapping::Mapping &mapping) {
  size_t cells = 0;
  for (const mapping::Tile &t : mapping.tiles)
    cells += size_t(t.rows * t.cols);
  std::vector<DeviceOp> ops;
  ops.reserve(2 * cells);
  for (size_t t = 0; t < mapping.tiles.size(); ++t) {
    const mapping::Tile &tile = mapping.tiles[t];
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t c = 0; c < tile.cols; ++c) {
        // +1 (bit 1) is BL LRS / BLb HRS, -1 the opposite: the device to RESET is BLb (1) for
        // bit 1 and BL (0) for bit 0, and its partner is SET after it.
        uint8_t toHrs = mapping.cell(tile, r, c) ? 1 : 0;
        DeviceOp op{uint32_t(t), uint32_t(r), uint32_t(c), toHrs, false};
        ops.push_back(op);
        op.device = uint8_t(1 - toHrs);
        op.set = true;
        ops.push_back(op);
      }
  }
  return ops;
}

ScheduleTotals scheduleTotals(const std::vector<DeviceOp> &ops, const Condition &condition) {
  ScheduleTotals totals;
  totals.pulses = int64_t(ops.size());
  for (const DeviceOp &op : ops)
    totals.sets += op.set;
  totals.resets = totals.pulses - totals.sets;
  // pJ -> nJ: / 1000.
  totals.energy_nj = (double(totals.sets) * condition.set_energy_pj +
                      double(totals.resets) * condition.reset_energy_pj) /
                     1000;
  // One pulse after the other; ns -> us: / 1000.
  totals.time_us = double(totals.pulses) * condition.pulse_ns / 1000;
  return totals;
}

} // namespace bnnc::image
