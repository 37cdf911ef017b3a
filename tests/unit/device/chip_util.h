// Helpers of the device tests: chip images built directly from tiles, and stress models whose
// bit error rates (1e-3 .. 1e-1) plain Monte-Carlo counts can measure.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/image/image.h"

#include <cstdint>

namespace bnnc::device::test {

// An image of `tiles` tiles of tile_rows x tile_cols cells each, of which used_rows x used_cols
// hold random bits (seeded by `seed`); the program is empty, the condition "typical".
image::ChipImage randomChipImage(int tiles, int64_t tile_rows, int64_t tile_cols, int64_t used_rows,
                                 int64_t used_cols, uint64_t seed);

// A 2T2R model with a window of ln 5 and large sigmas (analytic BER about 3e-2).
DeviceModel stressModel();
// The same devices read as 1T1R (analytic BER about 1e-1).
DeviceModel stressModel1T1R();

// Model `m` with the faults and programming failures removed (what analyticBitErrorRate covers).
DeviceModel withoutFaults(DeviceModel m);

} // namespace bnnc::device::test
