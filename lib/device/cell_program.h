// Programming one 2T2R cell: the per-chip draws of its two devices (faults, device-to-device
// offsets) and one programming of the pair (pulses, failures, program-and-verify, retention).
#pragma once

#include "bnnc/device/physics.h"
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/random.h"

#include <cstdint>

namespace bnnc::device {

// Stream tags: every random quantity of a chip comes from streamKey(seed, {tag, ...}).
enum StreamTag : uint64_t {
  kDeviceStream = 1,   // {tag, tile, row, col}: faults and d2d of a cell's devices (per chip)
  kProgramStream = 2,  // {tag, tile}: pulses, c2c and verify reads of a tile (per programming)
  kColumnStream = 3,   // {tag, tile, col}: the sense offset of a column (per chip)
  kInjectStream = 4,   // {tag}: injectBitErrors
  kEstimateStream = 5, // {tag}: estimateBitErrorRate
};

// What a device of a chip is, whatever it is programmed to.
struct DeviceDraws {
  bool stuck = false; // a fault: stays in `stuck_state` whatever the pulses
  State stuck_state = State::Lrs;
  double d2d_lrs = 0; // standard normal, its offset in LRS
  double d2d_hrs = 0; // standard normal, its offset in HRS (and pristine)
};

// The two devices of cell (tile, row, col) of the chip `seed`; the same for every programming.
void drawCellDevices(const DeviceModel &model, uint64_t seed, uint64_t tile, uint64_t row,
                     uint64_t col, DeviceDraws devices[2]);

// A programmed cell: the two devices' ln R at read time and its share of the statistics.
struct CellOutcome {
  double ln_r[2] = {0, 0};
  ProgrammingStats stats;
};

// Programs the cell to `bit` (1: device 0 LRS, device 1 HRS) with the draws of `rng`, the
// tile's programming stream: RESET then SET, then verification and retries if enabled.
CellOutcome programCell(const Physics &phys, Rng &rng, bool bit, const DeviceDraws devices[2]);

} // namespace bnnc::device
