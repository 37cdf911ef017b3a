// A virtual chip: one instance of a chip image programmed with the device model. What inference
// needs from it is, per tile, the bit each cell's sense amplifier reads when read noise is absent
// (static errors included), and the cells whose reads can still flip, with their probability.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/image/image.h"

#include <cstdint>
#include <vector>

namespace bnnc::device {

// A cell whose read flips with probability p (from read noise around a small margin).
struct ReadRisk {
  uint32_t row = 0, col = 0;
  double p = 0;
};

struct ProgrammedTile {
  std::vector<uint64_t> sensed; // same layout as mapping::Tile::cells
  std::vector<ReadRisk> risky;  // sorted by row, then column; cells with p >= 1e-12
};

struct ProgrammingStats {
  int64_t pulses = 0; // including verify retries
  int64_t verify_reads = 0;
  int64_t failed_devices = 0; // pulses that left a device unswitched
  int64_t stuck_devices = 0;  // stuck at LRS or HRS, or never formed
};

struct VirtualChip {
  std::vector<ProgrammedTile> tiles; // one per image tile
  int64_t static_errors = 0;         // used cells whose sensed bit differs from the stored one
  int64_t used_cells = 0;
  ProgrammingStats programming;
};

// Programs every used cell of the image with the device model under `env`. The result depends on
// (image, model, env, seed) only: per-tile random streams, whatever the thread count (tiles are
// spread over `threads` std::threads; fewer than 1 counts as 1). docs/device-model.md, section 3.
VirtualChip programChip(const image::ChipImage &image, const DeviceModel &model,
                        const Environment &env, uint64_t seed, int threads);

// The --ber mode: every used cell's bit flips independently with probability `ber`, no read
// noise. Samples the gaps between errors (geometric), not one draw per cell. Throws bnnc::Error
// ("--ber: error: must be a number in [0, 1], got 1.5") for a rate outside [0, 1].
VirtualChip injectBitErrors(const image::ChipImage &image, double ber, uint64_t seed);

// `chip` with the errors of one weight plane only (plane_errors.cpp): the cells of weight plane
// `plane` of layer `layer` (weight rows plane x cout .. (plane + 1) x cout - 1) keep their sensed
// bits and read risks; every other cell reads as stored. static_errors and used_cells count the
// plane's cells only. A multi-bit weight's error in plane i weighs 2^i (docs/architecture.md,
// "Multi-bit weights"), so running this chip measures what the plane's errors cost.
VirtualChip keepPlaneErrors(const image::ChipImage &image, const VirtualChip &chip, int layer,
                            int plane);

} // namespace bnnc::device
