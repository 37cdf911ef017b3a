// Precomputed read-noise tables of a virtual chip's tiles and the inversion sampler of the flips
// (see read_noise.h and docs/emulator.md, "Sampling the read flips").
#include "read_noise.h"

#include <cassert>
#include <cmath>

namespace bnnc::emulator::detail {

namespace {

// Used cells of a row whose sensed bit differs from the stored one: the XOR of the two rows,
// limited to the used columns [0, cols).
int64_t rowErrors(const uint64_t *stored, const uint64_t *sensed, int64_t cols) {
  int64_t n = 0;
  for (int64_t w = 0; w * 64 < cols; ++w) {
    uint64_t used = cols - w * 64 >= 64 ? ~uint64_t(0) : (uint64_t(1) << (cols - w * 64)) - 1;
    n += __builtin_popcountll((stored[w] ^ sensed[w]) & used);
  }
  return n;
}

// Counts per row -> start offsets.
void toOffsets(std::vector<uint32_t> &begin) {
  for (size_t r = 1; r < begin.size(); ++r)
    begin[r] += begin[r - 1];
}

// The held cells of a tile: rows, chip-wide indices, and the survival sums drawHeld searches.
void addHeld(TileNoise &n, const mapping::Tile &tile, const device::ProgrammedTile &programmed,
             int64_t wpr) {
  n.held_begin.assign(size_t(tile.rows) + 1, 0);
  double survive = 0; // over the tile's held cells with p < 1, in tile order
  for (size_t k = 0; k < programmed.held.size(); ++k) {
    const device::ReadRisk &risk = programmed.held[k];
    assert(int64_t(risk.row) < tile.rows && int64_t(risk.col) < tile.cols);
    size_t word = size_t(risk.row) * size_t(wpr) + risk.col / 64;
    bool wrong = ((tile.cells[word] ^ programmed.sensed[word]) >> (risk.col % 64)) & 1;
    int32_t index = int32_t(n.held_first + n.held.size());
    if (risk.p >= 1)
      n.held_certain.push_back(uint32_t(n.held.size()));
    else
      survive += std::log1p(-risk.p);
    // Certain cells keep the previous sum: the search never stops on them.
    n.held_survive.push_back(survive);
    n.held.push_back({risk.col, wrong, index});
    ++n.held_begin[size_t(risk.row) + 1];
  }
  n.held_any = -std::expm1(survive);
  toOffsets(n.held_begin);
}

// The chip-wide held index of cell (row, col), or -1: `next` walks the tile's held list, sorted
// like the risky list that asks.
int32_t heldIndexOf(const device::ProgrammedTile &programmed, const TileNoise &n, size_t &next,
                    uint32_t row, uint32_t col) {
  const std::vector<device::ReadRisk> &held = programmed.held;
  while (next < held.size() &&
         (held[next].row < row || (held[next].row == row && held[next].col < col)))
    ++next;
  bool same = next < held.size() && held[next].row == row && held[next].col == col;
  return same ? int32_t(n.held_first + next) : -1;
}

} // namespace

TileNoise buildTileNoise(const mapping::Tile &tile, const device::ProgrammedTile &programmed,
                         int64_t wpr, uint32_t held_first) {
  assert(programmed.sensed.size() == tile.cells.size());
  TileNoise n;
  n.held_first = held_first;
  for (int64_t r = 0; r < tile.rows; ++r)
    n.static_errors +=
        rowErrors(&tile.cells[size_t(r * wpr)], &programmed.sensed[size_t(r * wpr)], tile.cols);
  n.row_begin.assign(size_t(tile.rows) + 1, 0);
  n.certain_begin.assign(size_t(tile.rows) + 1, 0);
  n.any.assign(size_t(tile.rows), 0);
  addHeld(n, tile, programmed, wpr);
  size_t next_held = 0;
  double survive = 0; // running sum of ln(1 - p) over the current row's uncertain cells
  for (size_t k = 0; k < programmed.risky.size(); ++k) {
    const device::ReadRisk &risk = programmed.risky[k];
    // Risks are sorted by row, then column, and lie in the used cells.
    assert(int64_t(risk.row) < tile.rows && int64_t(risk.col) < tile.cols);
    assert(k == 0 || risk.row > programmed.risky[k - 1].row ||
           (risk.row == programmed.risky[k - 1].row && risk.col > programmed.risky[k - 1].col));
    if (k == 0 || risk.row != programmed.risky[k - 1].row)
      survive = 0;
    if (!(risk.p > 0)) // never flips
      continue;
    size_t word = size_t(risk.row) * size_t(wpr) + risk.col / 64;
    bool wrong = ((tile.cells[word] ^ programmed.sensed[word]) >> (risk.col % 64)) & 1;
    int32_t held = heldIndexOf(programmed, n, next_held, risk.row, risk.col);
    if (risk.p >= 1) {
      n.certain.push_back({risk.col, wrong, held});
      ++n.certain_begin[size_t(risk.row) + 1];
      continue;
    }
    survive += std::log1p(-risk.p); // finite: p < 1
    n.cells.push_back({risk.col, wrong, held});
    n.survive.push_back(survive);
    ++n.row_begin[size_t(risk.row) + 1];
    // P(some uncertain cell of the row flips) = 1 - prod (1 - p) = -expm1(sum ln(1 - p)),
    // exact for tiny p where 1 - exp would cancel; the row's last cell leaves the final value.
    n.any[risk.row] = -std::expm1(survive);
  }
  toOffsets(n.row_begin);
  toOffsets(n.certain_begin);
  return n;
}

namespace {

// The first index of [first, first + n), n >= 1, whose survive is below `target`, or first + n
// (survive is non-increasing): a branch-free lower bound, the comparisons being unpredictable.
const double *firstBelow(const double *first, size_t n, double target) {
  while (n > 1) {
    size_t half = n / 2;
    first = first[half] >= target ? first + half : first;
    n -= half;
  }
  return first + (*first >= target);
}

} // namespace

// With S_i = sum_{j <= i} ln(1 - p_j) (non-increasing along the row), the probability that no
// cell in (j, m] flips is exp(S_m - S_j). The first flip after j is therefore the smallest m
// with exp(S_m - S_j) < 1 - v for v uniform in [0, 1), i.e. S_m < S_j + ln(1 - v): a binary
// search. For the row's first flip, v = u conditioned on u < any = 1 - exp(S_last) is the
// uniform that decided there is one (S_j = 0 before the row's first cell), so it is reused.
// Each flip costs one draw; the cells after it are again independent of what came before.
// 1 - v is exact in double (v is a multiple of 2^-53 below 1), so log(1 - v) = log1p(-v).
void flipUncertain(const TileNoise &noise, uint32_t b, uint32_t e, double u, Rng &rng,
                   const uint8_t *held_on, uint64_t *scratch, ReadTally &tally) {
  const double *next = noise.survive.data() + b, *end = noise.survive.data() + e;
  double target = std::log(1.0 - u);
  while (next != end) {
    next = firstBelow(next, size_t(end - next), target);
    if (next == end)
      return;
    flipCell(noise.cells[size_t(next - noise.survive.data())], held_on, scratch, tally);
    target = *next + std::log(1.0 - rng.uniform());
    ++next;
  }
}

// The same inversion as flipUncertain over the tile's held cells: u < held_any decides that some
// cell with p < 1 flips, and the first is the smallest i with S_i < ln(1 - u); each next one
// costs one draw. Cells with p >= 1 always flip.
void drawHeld(const TileNoise &noise, Rng &rng, uint8_t *on, std::vector<uint32_t> &set) {
  auto turnOn = [&](size_t i) {
    uint32_t k = noise.held_first + uint32_t(i);
    on[k] = 1;
    set.push_back(k);
  };
  for (uint32_t i : noise.held_certain)
    turnOn(i);
  double u = 0;
  if (noise.held_survive.empty() || !((u = rng.uniform()) < noise.held_any))
    return;
  const double *first = noise.held_survive.data(), *next = first,
               *end = first + noise.held_survive.size();
  double target = std::log(1.0 - u);
  while (next != end) {
    next = firstBelow(next, size_t(end - next), target);
    if (next == end)
      return;
    turnOn(size_t(next - first));
    target = *next + std::log(1.0 - rng.uniform());
    ++next;
  }
}

} // namespace bnnc::emulator::detail
