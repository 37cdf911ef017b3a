// One layer of the planes engine's plan (planes.h).
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

struct PlanesLayer {
  const ir::Layer *layer = nullptr;
  int64_t cout = 0, rows = 0, fan_in = 0, kwords = 0, positions = 0;
  int64_t planes = 1;          // input bit-planes: 1 for +-1 inputs
  double lo = 0, step = 1;     // a bit-serial input's values lo + step * q
  std::vector<int32_t> window; // [positions][fan_in]: the input element read, -1 in the padding
  std::vector<int> tiles;      // image tile indices of the layer
  int64_t cell_reads = 0;      // per sample: positions x planes x used cells
  std::vector<uint64_t> ideal; // [rows][kwords] the stored cells, bit 1 = +1
};

} // namespace bnnc::emulator::detail
