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
  int32_t held = -1;  // the chip-wide index of the cell's held (telegraph) flip, or -1
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
  // Held cells (telegraph noise), flipped or not for a whole run: row r's are
  // held[held_begin[r] .. held_begin[r+1]), in column order, the i-th of the tile with the
  // chip-wide index held_first + i; held_survive[i] = sum_{j <= i} ln(1 - p_j) over the tile's
  // held cells with p < 1, held_any = 1 - exp(held_survive.back()) (drawHeld). Their `held` field
  // is their own chip-wide index.
  std::vector<uint32_t> held_begin; // [tile rows + 1]
  std::vector<RiskCell> held;
  std::vector<double> held_survive;
  std::vector<uint32_t> held_certain; // tile indices of held cells with p >= 1
  double held_any = 0;
  uint32_t held_first = 0;
  int64_t static_errors = 0; // used cells whose sensed bit differs from the stored bit
  bool empty() const { return cells.empty() && certain.empty() && held.empty(); }
};

inline bool rowIsRisky(const TileNoise &noise, int64_t r) {
  size_t i = size_t(r);
  return noise.row_begin[i] != noise.row_begin[i + 1] ||
         noise.certain_begin[i] != noise.certain_begin[i + 1] ||
         noise.held_begin[i] != noise.held_begin[i + 1];
}

// Per-row risky and held cells and their cumulative survival of one programmed tile; `wpr` words
// per row; the tile's held cells get the chip-wide indices held_first, held_first + 1, ...
TileNoise buildTileNoise(const mapping::Tile &tile, const device::ProgrammedTile &programmed,
                         int64_t wpr, uint32_t held_first);

// Draws which held cells of a tile flip for one run: sets on[k] for each chip-wide index k that
// flips and appends k to `set` (so that the caller can clear them after the run). One uniform
// decides whether any does (most runs stop there); the flips are then found by inversion, one
// draw each, as flipUncertain does along a row.
void drawHeld(const TileNoise &noise, Rng &rng, uint8_t *on, std::vector<uint32_t> &set);

struct ReadTally {
  int64_t flips = 0;
  int64_t wrong_delta = 0; // change of the wrong reads against the static errors alone
};

// Flips a cell of the row in `scratch`. A statically wrong cell that flips reads right; a cell
// whose held flip is on this run reads the other way already, so its wrongness is inverted.
inline void flipCell(const RiskCell &c, const uint8_t *held_on, uint64_t *scratch,
                     ReadTally &tally) {
  scratch[c.col / 64] ^= uint64_t(1) << (c.col % 64);
  ++tally.flips;
  bool wrong = c.wrong != (c.held >= 0 && held_on[c.held]);
  tally.wrong_delta += wrong ? -1 : 1;
}

// The flips of the uncertain cells [b, e) of a row known to have at least one, `u` the uniform
// that decided so (u < any). See readRow.
void flipUncertain(const TileNoise &noise, uint32_t b, uint32_t e, double u, Rng &rng,
                   const uint8_t *held_on, uint64_t *scratch, ReadTally &tally);

// One read of row `r` whose sensed words are `row` (`wpr` of them): the words as read, i.e.
// `row` itself when nothing flips, else `scratch` holding the row with the flipped cells
// inverted. The held cells whose flip is on for this run (held_on, by chip-wide index) flip
// first; then the cells flip independently, cell i with probability p_i. One uniform u decides
// whether any uncertain cell flips (u < any[r]); most reads stop there. Otherwise the flips are
// found one after the other by inversion (flipUncertain), one draw per flip.
inline const uint64_t *readRow(const TileNoise &noise, const uint64_t *row, int64_t r, int64_t wpr,
                               Rng &rng, uint64_t *scratch, ReadTally &tally,
                               const uint8_t *held_on) {
  size_t i = size_t(r);
  uint32_t b = noise.row_begin[i], e = noise.row_begin[i + 1];
  uint32_t cb = noise.certain_begin[i], ce = noise.certain_begin[i + 1];
  uint32_t hb = noise.held_begin[i], he = noise.held_begin[i + 1];
  bool held = false;
  for (uint32_t h = hb; h < he && !held; ++h)
    held = held_on[noise.held[h].held];
  double u = 0;
  bool some = b != e && (u = rng.uniform()) < noise.any[i];
  if (!some && cb == ce && !held)
    return row;
  std::copy(row, row + wpr, scratch);
  for (uint32_t h = hb; held && h < he; ++h)
    if (held_on[noise.held[h].held]) {
      const RiskCell &c = noise.held[h];
      scratch[c.col / 64] ^= uint64_t(1) << (c.col % 64);
      ++tally.flips;
      tally.wrong_delta += c.wrong ? -1 : 1;
    }
  for (uint32_t c = cb; c < ce; ++c)
    flipCell(noise.certain[c], held_on, scratch, tally);
  if (some)
    flipUncertain(noise, b, e, u, rng, held_on, scratch, tally);
  return scratch;
}

} // namespace bnnc::emulator::detail
