// injectBitErrors: independent bit flips at a given rate, drawn as gaps between errors.
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "cell_program.h"

#include <cmath>

namespace bnnc::device {

namespace {

// Cells to skip before the next error, capped at `cap`. Independent flips of probability q make
// the number of unflipped cells before a flip geometric: P(G = g) = (1 - q)^g q. Inverting its
// tail P(G >= g) = (1 - q)^g at a uniform u in (0, 1] gives G = floor(ln u / ln(1 - q)). log1p
// keeps ln(1 - q) accurate for tiny q.
int64_t nextGap(Rng &rng, double q, int64_t cap) {
  if (q >= 1)
    return 0;
  double g = std::floor(std::log(rng.uniformOpen()) / std::log1p(-q));
  return g < double(cap) ? int64_t(g) : cap; // also catches g = +inf when ln(1 - q) rounds to 0
}

} // namespace

VirtualChip injectBitErrors(const image::ChipImage &image, double ber, uint64_t seed) {
  if (!(ber >= 0 && ber <= 1)) // also rejects NaN
    throw Error("--ber: error: must be a number in [0, 1], got " + formatNumber(ber));
  const mapping::Mapping &mapping = image.mapping;
  const int64_t words = mapping.wordsPerRow();
  VirtualChip chip;
  for (const mapping::Tile &t : mapping.tiles) {
    chip.tiles.push_back({t.cells, {}, {}});
    chip.used_cells += t.rows * t.cols;
  }
  if (ber == 0)
    return chip;
  // The used cells form one sequence, tile by tile, row-major within a tile; `at` jumps from
  // error to error along it, `before` counts the used cells of the tiles already passed.
  Rng rng(streamKey(seed, {kInjectStream}));
  const int64_t total = chip.used_cells;
  int64_t before = 0;
  size_t i = 0;
  for (int64_t at = nextGap(rng, ber, total); at < total; at += 1 + nextGap(rng, ber, total)) {
    for (; at - before >= mapping.tiles[i].rows * mapping.tiles[i].cols; ++i)
      before += mapping.tiles[i].rows * mapping.tiles[i].cols;
    const mapping::Tile &t = mapping.tiles[i];
    int64_t k = at - before, r = k / t.cols, c = k % t.cols;
    chip.tiles[i].sensed[r * words + c / 64] ^= uint64_t(1) << (c % 64);
    ++chip.static_errors;
  }
  return chip;
}

} // namespace bnnc::device
