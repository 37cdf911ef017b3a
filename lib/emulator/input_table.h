// The comparator input stage as a table the kernels evaluate 16 elements at a time. Every
// element's comparator is a monotone step in x (Compare is monotone in its value); the table is
// derived from the stage function itself (comparatorBits, stages.h) by bisection over the
// floats, so that the stage stays the one definition of the comparators.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// Bit i = (sign[i] * x[i] >= t[i]) | (nan[i] & x[i] is NaN): sign +1 for a step up at t, -1 for a
// step down (x <= -t); a constant element compares against -inf (1) or NaN (0).
struct ComparatorTable {
  std::vector<float> sign, t;
  std::vector<uint64_t> nan; // bits: what a NaN input gives
};

ComparatorTable deriveComparators(const ir::InputStage &in);

} // namespace bnnc::emulator::detail
