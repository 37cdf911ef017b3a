// The cost of each weight plane's errors on a virtual chip: for every plane of every layer with
// multi-bit weights, the chip is run again with only that plane's errors (the others read as
// stored), so a plane's bit error rate and its accuracy impact are measured, not assumed.
#pragma once

#include "bnnc/device/virtual_chip.h"
#include "bnnc/emulator/emulator.h"

#include <cstdint>
#include <vector>

namespace bnnc::driver {

struct PlaneRecord {
  int layer = 0, plane = 0;  // a weight error in plane i weighs 2^i
  int64_t cells = 0;         // used cells of the plane
  int64_t static_errors = 0; // of them, sensed wrong without read noise
  int64_t correct = 0;       // predictions equal to the label, this plane's errors only
  int64_t changed = 0;       // predictions that differ from the ideal chip's
};

struct IdealRun;
struct ChipSetup;

// Empty when no layer has multi-bit weights.
std::vector<PlaneRecord> runPlanes(const image::ChipImage &image, const IdealRun &ideal,
                                   const std::vector<int64_t> &labels, const ChipSetup &setup,
                                   const device::VirtualChip &chip, int c, int threads);

} // namespace bnnc::driver
