// Fault-aware mapping (docs/device-model.md, "Fault-aware mapping"): given a chip's fault map,
// place each tile's rows on its word lines and its columns on its bit lines (spare columns
// included) so that the stuck devices hold the weights where they do the least harm.
#pragma once

#include "bnnc/device/fault_map.h"
#include "bnnc/image/image.h"

#include <cstdint>

namespace bnnc::device {

// The expected wrong reads of a 2T2R cell storing `bit` whose devices are in the fault states
// f0, f1 (null: working), read without noise: 0 when the stuck states agree with the bit, 1 when
// they invert it, 1/2 when both devices read alike (the sense offset decides).
double faultHarm(bool bit, const FaultMap::Entry *f0, const FaultMap::Entry *f1);

struct FaultAwareReport {
  int64_t faulty_cells = 0;    // physical cells with a stuck device, in the image's tiles
  double harm_identity = 0;    // expected wrong cells with the plain placement
  double harm_mapped = 0;      // ... with the fault-aware placement
  int64_t spare_cols_used = 0; // logical columns moved to spare bit lines
  int64_t tiles_remapped = 0;  // tiles whose placement changed
};

// The cell map of `image` (its tiles and cells) on the chip of `faults`, with `spare_cols` spare
// bit lines per tile: per tile, rows and columns are assigned in turn by the Hungarian method,
// each time optimally for the other held fixed, until the expected harm stops falling.
mapping::CellMap faultAwareCellMap(const image::ChipImage &image, const FaultMap &faults,
                                   int64_t spare_cols, FaultAwareReport &report);

} // namespace bnnc::device
