// Padding classes of a layer: output positions whose receptive fields lose the same taps to the
// padding share a class, with one validity mask and one effective fan-in Keff. A convolution
// without padding has one class; a 3 x 3 one with padding 1 has nine (interior, edges, corners).
// Everything that depends on the padding (Keff, thresholds on the popcount, the weights that
// fall in the padding) is then computed once per class instead of once per position.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

struct Classes {
  int64_t count = 0;
  int64_t words = 0;           // words of one validity mask (one bit per row unit)
  std::vector<int32_t> of;     // [positions]: the class of each output position
  std::vector<uint64_t> valid; // [count][words]: bit slot[k] set where element k is an input
  std::vector<int64_t> keff;   // [count]: elements that are inputs
  const uint64_t *mask(int64_t c) const { return &valid[size_t(c * words)]; }
};

// `slot` as fanInSlots gives it; rows of `row_units` units.
Classes buildClasses(const ir::ConvGeometry &g, const std::vector<int64_t> &slot,
                     int64_t row_units);

} // namespace bnnc::emulator::detail
