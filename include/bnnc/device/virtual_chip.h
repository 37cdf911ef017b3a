// A virtual chip: one instance of a chip image programmed with the device model. What inference
// needs from it is, per tile, the bit each cell's sense amplifier reads when read noise is absent
// (static errors included), and the cells whose reads can still flip, with their probability:
// at every read (white noise), or once per run and then for every read of that run (telegraph
// noise).
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/device/fault_map.h"
#include "bnnc/image/image.h"

#include <cstdint>
#include <vector>

namespace bnnc::device {

// A cell whose read flips with probability p.
struct ReadRisk {
  uint32_t row = 0, col = 0;
  double p = 0;
};

struct ProgrammedTile {
  std::vector<uint64_t> sensed; // same layout as mapping::Tile::cells
  // Cells whose every read flips, independently, with probability p. Sorted by row, then column;
  // cells with p >= 1e-12.
  std::vector<ReadRisk> risky;
  // Cells whose reads flip together for a whole run (one sample's inference) with probability p:
  // drawn once at the start of a run, the flip holds for every read of the run, on top of the
  // risky flips. Sorted by row, then column; cells with p >= 1e-12.
  std::vector<ReadRisk> held;
};

struct ProgrammingStats {
  int64_t pulses = 0; // including verify retries (sets + resets)
  int64_t sets = 0, resets = 0;
  int64_t verify_reads = 0;
  int64_t failed_devices = 0; // pulses that left a device unswitched
  int64_t stuck_devices = 0;  // stuck at LRS or HRS, never formed, or worn out (of used cells)
  int64_t worn_devices = 0;   // of those, failed by endurance (stuck in LRS)
};

struct VirtualChip {
  std::vector<ProgrammedTile> tiles; // one per image tile
  int64_t static_errors = 0;         // used cells whose sensed bit differs from the stored one
  int64_t used_cells = 0;
  int64_t check_cells = 0; // error-correcting code cells programmed beside them
  ProgrammingStats programming;
};

// Programs every used cell of the image with the device model under `env`, each cell on the
// physical devices the image's cell map gives (the identity without one). `faults`, if given,
// says which devices of this chip are stuck (a measured fault map) instead of drawing them. The
// result depends on (image, model, env, seed, faults) only: per-tile random streams, whatever the
// thread count (tiles are spread over `threads` std::threads; fewer than 1 counts as 1).
// docs/device-model.md, section 3.
VirtualChip programChip(const image::ChipImage &image, const DeviceModel &model,
                        const Environment &env, uint64_t seed, int threads,
                        const FaultMap *faults = nullptr);

// The --ber mode: every used cell's bit flips independently with probability `ber`, no read
// noise. Samples the gaps between errors (geometric), not one draw per cell. Throws bnnc::Error
// ("--ber: error: must be a number in [0, 1], got 1.5") for a rate outside [0, 1].
VirtualChip injectBitErrors(const image::ChipImage &image, double ber, uint64_t seed);

// `chip` with the errors of one weight plane only (plane_errors.cpp): the cells of weight plane
// `plane` of layer `layer` (weight rows plane x cout .. (plane + 1) x cout - 1) keep their sensed
// bits and read risks (per read and held for a run); every other cell reads as stored.
// static_errors and used_cells count the plane's cells only. A multi-bit weight's error in plane i
// weighs 2^i (docs/architecture.md, "Multi-bit weights"), so running this chip measures what the
// plane's errors cost.
VirtualChip keepPlaneErrors(const image::ChipImage &image, const VirtualChip &chip, int layer,
                            int plane);

} // namespace bnnc::device
