// Read noise of a virtual chip: which cells of each tile row can flip when the row is read, and
// the sampler that draws those flips at every row read, touching only the row's risky cells.
#pragma once

#include "bnnc/device/virtual_chip.h"
#include "bnnc/mapping/mapping.h"
#include "bnnc/support/random.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// A risky cell of a row.
struct RiskCell {
  uint32_t col = 0;
  bool wrong = false; // the sensed bit differs from the stored one (a static error)
};

struct TileNoise {
  // Row r's uncertain cells (0 < p < 1) are cells[row_begin[r] .. row_begin[r+1]), in column
  // order; survive[i] is the log-probability that none of its row's uncertain cells up to and
  // including cell i flips, sum_{j <= i} ln(1 - p_j) (kept apart from the cells: the search of
  // flipUncertain reads only it). any[r] = 1 - exp(survive of the row's last) is the
  // probability that at least one flips. The certain cells (p >= 1), flipped at every read, are
  // certain[certain_begin[r] .. certain_begin[r+1]). Cells with p = 0 never flip: left out.
  std::vector<uint32_t> row_begin, certain_begin; // [tile rows + 1]
  std::vector<RiskCell> cells, certain;
  std::vector<double> survive; // [cells]
  std::vector<double> any;     // [tile rows]
  int64_t static_errors = 0;   // used cells whose sensed bit differs from the stored bit
  bool empty() const { return cells.empty() && certain.empty(); }
};

inline bool rowIsRisky(const TileNoise &noise, int64_t r) {
  size_t i = size_t(r);
  return noise.row_begin[i] != noise.row_begin[i + 1] ||
         noise.certain_begin[i] != noise.certain_begin[i + 1];
}

// Per-row risky cells and their cumulative survival of one programmed tile; `wpr` words per row.
TileNoise buildTileNoise(const mapping::Tile &tile, const device::ProgrammedTile &programmed,
                         int64_t wpr);

struct ReadTally {
  int64_t flips = 0;
  int64_t wrong_delta = 0; // change of the wrong reads against the static errors alone
};

inline void flipCell(const RiskCell &c, uint64_t *scratch, ReadTally &tally) {
  scratch[c.col / 64] ^= uint64_t(1) << (c.col % 64);
  ++tally.flips;
  tally.wrong_delta += c.wrong ? -1 : 1; // a statically wrong cell that flips reads right
}

// The flips of the uncertain cells [b, e) of a row known to have at least one, `u` the uniform
// that decided so (u < any). See readRow.
void flipUncertain(const TileNoise &noise, uint32_t b, uint32_t e, double u, Rng &rng,
                   uint64_t *scratch, ReadTally &tally);

// One read of row `r` whose sensed words are `row` (`wpr` of them): the words as read, i.e.
// `row` itself when nothing flips, else `scratch` holding the row with the flipped cells
// inverted. The cells flip independently, cell i with probability p_i. One uniform u decides
// whether any uncertain cell flips (u < any[r]); most reads stop there. Otherwise the flips are
// found one after the other by inversion (flipUncertain), one draw per flip.
inline const uint64_t *readRow(const TileNoise &noise, const uint64_t *row, int64_t r, int64_t wpr,
                               Rng &rng, uint64_t *scratch, ReadTally &tally) {
  size_t i = size_t(r);
  uint32_t b = noise.row_begin[i], e = noise.row_begin[i + 1];
  uint32_t cb = noise.certain_begin[i], ce = noise.certain_begin[i + 1];
  double u = 0;
  bool some = b != e && (u = rng.uniform()) < noise.any[i];
  if (!some && cb == ce)
    return row;
  std::copy(row, row + wpr, scratch);
  for (uint32_t c = cb; c < ce; ++c)
    flipCell(noise.certain[c], scratch, tally);
  if (some)
    flipUncertain(noise, b, e, u, rng, scratch, tally);
  return scratch;
}

} // namespace bnnc::emulator::detail
