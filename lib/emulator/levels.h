// The level comparators of a bit-serial input stage with a quantizer (ir::InputStage::levels),
// counted for encodeInputs: q of element i is the number of its group's comparators that pass.
// A group whose comparators are all `x >= t` with non-decreasing finite t (an increasing
// quantizer, as the passes derive it) counts q = #{j : t_j <= x}: up to 16 levels one by one
// without branches, more from a guess: the thresholds of a uniform quantizer are about evenly
// spaced, so q0 = floor((x - t_0) / spacing) + 1 is at most a step or two off, and the steps
// t_q <= x (up) and t_{q-1} > x (down) make it exact whatever the spacing (a NaN passes none:
// q = 0). The others evaluate every comparator.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

struct LevelTable {
  std::vector<double> t;       // [groups][level_count]: the thresholds of the sorted groups
  std::vector<uint8_t> sorted; // [groups]
  std::vector<double> inv;     // [groups]: (level_count - 1) / (t_last - t_0), or 0
};

LevelTable deriveLevels(const ir::InputStage &in);

// q of the n elements of one sample, stored by storeCode (codes.h) in units of `unit` bytes.
void quantizeLevels(const ir::InputStage &in, const LevelTable &table, const float *x, int64_t n,
                    unsigned char *out, int64_t unit);

} // namespace bnnc::emulator::detail
