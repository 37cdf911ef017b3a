// Programming one cell: the per-chip draws of its devices (faults, device-to-device offsets,
// endurance) and one programming of the cell (pulses, failures, wear, program-and-verify) up to
// its devices' resistances as read.
#pragma once

#include "bnnc/device/physics.h"
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/random.h"

#include <cstdint>

namespace bnnc::device {

// Stream tags: every random quantity of a chip comes from streamKey(seed, {tag, ...}).
enum StreamTag : uint64_t {
  kDeviceStream = 1,      // {tag, tile, row, col}: a cell's devices (per chip), physical place
  kProgramStream = 2,     // {tag, tile, programming}: pulses, c2c, verify, retention of a tile
  kColumnStream = 3,      // {tag, tile, col}: the sense offset of a physical column (per chip)
  kInjectStream = 4,      // {tag}: injectBitErrors
  kEstimateStream = 5,    // {tag}: estimateBitErrorRate
  kCheckDeviceStream = 6, // {tag, tile, row, check column}: a check-bit cell's devices
  kCheckColumnStream = 7, // {tag, tile, check column}: a check column's sense offset
  kReferenceStream = 8,   // {tag, tile}: the trim error of a tile's 1T1R reference
};

// What a device of a chip is, whatever it is programmed to.
struct DeviceDraws {
  bool stuck = false; // a fault: stays in `stuck_state` whatever the pulses
  State stuck_state = State::Lrs;
  double d2d_lrs = 0;     // standard normal, its offset in LRS
  double d2d_hrs = 0;     // standard normal, its offset in HRS (and pristine)
  double endurance = 0.5; // uniform: the device fails once enduranceFailure(cycles) exceeds it
};

// The two devices of a cell from its stream (a key of kDeviceStream or kCheckDeviceStream); the
// same for every programming of the chip. Draws, always all of them: per device a fault uniform
// and the two d2d normals, then per device the endurance uniform.
void drawCellDevices(const DeviceModel &model, Rng rng, DeviceDraws devices[2]);
// Replaces the random faults by a fault map's (`found[d]` the fault of device d, or null).
void applyFaults(const FaultMap::Entry *const found[2], DeviceDraws devices[2]);

// A programmed cell: its devices' states and ln R at read time, and its share of the statistics.
struct CellOutcome {
  State state[2] = {State::Lrs, State::Lrs};
  double ln_r[2] = {0, 0};
  ProgrammingStats stats;
};

// Programs the cell to `bit` (1: device 0 LRS; 2T2R: device 1 HRS) with the draws of `rng`, the
// tile's programming stream. 2T2R: RESET the device bound for HRS, then SET the other; 1T1R:
// one pulse on device 0. Then verification and retries if enabled (against `ln_ref`, the
// reference at programming, for 1T1R), then retention and the read temperature.
CellOutcome programCell(const Physics &phys, Rng &rng, bool bit, const DeviceDraws devices[2],
                        double ln_ref);

} // namespace bnnc::device
