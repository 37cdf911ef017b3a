// A chip's fault map: the devices measured stuck on one physical chip (docs/device-model.md,
// "Fault maps"), read from a CSV file with the columns tile,row,col,device,fault. Coordinates are
// physical: the tile of the chip, its word line, its bit line (spare columns follow the regular
// ones), and the device of the cell (0 on BL, 1 on BLb).
#pragma once

#include "bnnc/mapping/arch.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::device {

enum class FaultKind : uint8_t { StuckLrs, StuckHrs, NeverFormed };

struct FaultMap {
  struct Entry {
    int64_t tile = 0, row = 0, col = 0;
    int device = 0;
    FaultKind kind = FaultKind::StuckLrs;
    int64_t line = 0; // in the file, for messages
  };
  std::string file;
  std::vector<Entry> entries; // sorted by tile, row, col, device; no device twice

  // The fault of a device, or null when it works.
  const Entry *find(int64_t tile, int64_t row, int64_t col, int device) const;
  // The faults of one tile: [first, last) of `entries`.
  std::pair<const Entry *, const Entry *> tile(int64_t tile) const;
};

constexpr int64_t kMaxFaultMapRows = 10'000'000;

// Reads a fault map; errors name the file and line ("faults.csv: line 4: error: fault must be
// stuck_lrs, stuck_hrs or never_formed, got 'x'"), a device listed twice included.
FaultMap readFaultMap(const std::string &path);

// Checks that every fault lies on a chip of architecture `arch` with `spare_cols` spare columns
// per tile: tile < tiles, row < tile_rows, col < tile_cols + spare_cols.
void checkFaultMap(const FaultMap &map, const mapping::Arch &arch, int64_t spare_cols);

} // namespace bnnc::device
