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
#include <string>
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

// Calls visit(op) for every operation in schedule order, without storing them: a full chip has
// up to 2 x 65536 x 4096 x 4096 operations, far more than memory holds as a vector.
template <typename Visit> void forEachDeviceOp(const mapping::Mapping &mapping, Visit &&visit) {
  for (size_t t = 0; t < mapping.tiles.size(); ++t) {
    const mapping::Tile &tile = mapping.tiles[t];
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t c = 0; c < tile.cols; ++c) {
        // +1 (bit 1) is BL LRS / BLb HRS, -1 the opposite: the device to RESET is BLb (1) for
        // bit 1 and BL (0) for bit 0, and its partner is SET after it.
        uint8_t toHrs = mapping.cell(tile, r, c) ? 1 : 0;
        DeviceOp op{uint32_t(t), uint32_t(r), uint32_t(c), toHrs, false};
        visit(op);
        op.device = uint8_t(1 - toHrs);
        op.set = true;
        visit(op);
      }
  }
}

// The operations as a vector (16 bytes each: for small mappings and tests).
std::vector<DeviceOp> buildSchedule(const mapping::Mapping &mapping);
ScheduleTotals scheduleTotals(const std::vector<DeviceOp> &ops, const Condition &condition);
// The same totals from the mapping alone, in constant memory: one SET and one RESET per used cell.
ScheduleTotals scheduleTotals(const mapping::Mapping &mapping, const Condition &condition);
// CSV: header "index,tile,row,col,device,op,voltage_v,compliance_ua,pulse_ns,energy_pj".
void writeScheduleCsv(std::ostream &out, const std::vector<DeviceOp> &ops, const Condition &c);
// JSON: {"condition": {...}, "totals": {...}, "operations": [[tile,row,col,device,"SET"],...]}.
void writeScheduleJson(std::ostream &out, const std::vector<DeviceOp> &ops, const Condition &c);
// The same files streamed from the mapping (identical bytes, constant memory).
void streamScheduleCsv(std::ostream &out, const mapping::Mapping &mapping, const Condition &c);
void streamScheduleJson(std::ostream &out, const mapping::Mapping &mapping, const Condition &c);

// The binary schedule (docs/programming.md, "Binary format"): the condition, the totals, and per
// tile one bit per used cell, from which every operation follows in schedule order; 16 bits per
// cell in CSV take 1 here. Streamed from the mapping, one tile row at a time.
constexpr char kScheduleMagic[8] = {'B', 'N', 'N', 'C', 'S', 'C', 'H', '\0'};
constexpr uint16_t kScheduleMajor = 1;
constexpr uint16_t kScheduleMinor = 0;
void streamScheduleBinary(std::ostream &out, const mapping::Mapping &mapping, const Condition &c);

struct ScheduleFile {
  Condition condition;
  ScheduleTotals totals;
  std::vector<DeviceOp> ops; // expanded in schedule order
};
// Validates a binary schedule (errors name `source`, the byte offset and the part) and expands
// its operations.
ScheduleFile readScheduleBinary(const std::vector<uint8_t> &bytes, const std::string &source);

} // namespace bnnc::image
