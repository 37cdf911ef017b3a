// The device programming schedule: one operation per RRAM device of every used 2T2R cell.
//
// Order: tiles in index order, rows, then columns; within a cell the RESET comes first, then the
// SET (a device is brought to HRS before its partner is set, so a pair never holds two LRS).
// Bit 1 (+1): device 0 (bit line BL) LRS = SET, device 1 (BLb) HRS = RESET; bit 0 the opposite.
#pragma once

#include "bnnc/image/condition.h"
#include "bnnc/mapping/mapping.h"

#include <cstdint>
#include <iosfwd>
#include <vector>

namespace bnnc::image {

struct DeviceOp {
  uint32_t tile = 0, row = 0, col = 0;
  uint8_t device = 0; // 0 = BL, 1 = BLb
  bool set = false;   // true = SET (to LRS), false = RESET (to HRS)
  bool operator==(const DeviceOp &) const = default;
};

struct ScheduleTotals {
  int64_t pulses = 0, sets = 0, resets = 0;
  double energy_nj = 0;
  double time_us = 0; // devices are programmed one after the other
};

std::vector<DeviceOp> buildSchedule(const mapping::Mapping &mapping);
ScheduleTotals scheduleTotals(const std::vector<DeviceOp> &ops, const Condition &condition);
// CSV: header "index,tile,row,col,device,op,voltage_v,compliance_ua,pulse_ns,energy_pj".
void writeScheduleCsv(std::ostream &out, const std::vector<DeviceOp> &ops, const Condition &c);
// JSON: {"condition": {...}, "totals": {...}, "operations": [[tile,row,col,device,"SET"],...]}.
void writeScheduleJson(std::ostream &out, const std::vector<DeviceOp> &ops, const Condition &c);

} // namespace bnnc::image
