// The rows of a block (docs/emulator.md, "Layouts and rows"): their size, the cursor over their
// (sample, position), and their assembly from the gather runs.
#pragma once

#include "block.h"

namespace bnnc::emulator::detail {

inline bool isBinary(const LayerPlan &lp) { return lp.kind == LayerPlan::Kind::Binary; }

// Bytes of one value of a bit-serial row: a byte q, or a 32-bit q on the wide path.
inline int64_t unitBytes(const LayerPlan &lp) { return lp.kind == LayerPlan::Kind::Wide ? 4 : 1; }

inline int64_t rowBytes(const LayerPlan &lp) {
  return isBinary(lp) ? 8 * lp.kwords : lp.row_units * unitBytes(lp);
}

// Row r of a block starting at row m0: sample s, position pos, counted up without division.
struct RowCursor {
  int64_t s, pos, positions;
  RowCursor(int64_t m0, int64_t positions_)
      : s(m0 / positions_), pos(m0 % positions_), positions(positions_) {}
  void next() {
    if (++pos == positions)
      pos = 0, ++s;
  }
};

// Assembles rows [m0, m0 + rows) into scratch.rows (rowBytes each, plus slack); units without a
// run (padding, gaps) are 0.
void gatherRows(const LayerPass &pass, int64_t m0, int64_t rows, Scratch &scratch);

} // namespace bnnc::emulator::detail
