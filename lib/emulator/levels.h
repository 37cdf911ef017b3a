// The level comparators of a bit-serial input stage with a quantizer (ir::InputStage::levels),
// counted for encodeInputs: q of element i is the number of its group's comparators that pass.
// A group whose comparators are all `x >= t` with non-decreasing t (an increasing quantizer, as
// the passes derive it) counts q = #{j : t_j <= x} by a binary search over its t (a NaN passes
// none: q = 0); the others evaluate every comparator.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

struct LevelTable {
  std::vector<double> t;       // [groups][level_count]: the thresholds of the sorted groups
  std::vector<uint8_t> sorted; // [groups]
};

LevelTable deriveLevels(const ir::InputStage &in);

// q of the n elements of one sample, stored by storeCode (codes.h) in units of `unit` bytes.
void quantizeLevels(const ir::InputStage &in, const LevelTable &table, const float *x, int64_t n,
                    unsigned char *out, int64_t unit);

} // namespace bnnc::emulator::detail
