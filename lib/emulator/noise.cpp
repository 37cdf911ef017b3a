// The skip sampler of read flips (see noise.h and docs/emulator.md, "Sampling the read flips").
#include "noise.h"

#include <algorithm>
#include <cmath>

namespace bnnc::emulator::detail {

namespace {

// The first element of [first, first + n), n >= 1, below `target`, or first + n (the values
// are non-increasing): a branch-free lower bound, the comparisons being unpredictable.
const double *firstBelow(const double *first, size_t n, double target) {
  while (n > 1) {
    size_t half = n / 2;
    first = first[half] >= target ? first + half : first;
    n -= half;
  }
  return first + (*first >= target);
}

// The cells of `row` that flip in one read known to flip at least one, by inversion: with S_i
// the row's survive, no cell in (j, m] flips with probability exp(S_m - S_j), so the next flip
// after cell j is the first m with S_m < S_j + ln(1 - v), v uniform (S = 0 before the row's
// first cell). The first v is uniform on [0, any), given that some cell flips. 1 - v is exact
// in double (v is a multiple of 2^-53), so log(1 - v) is log1p(-v) at the price of log.
template <typename Emit>
void rowFlips(const LayerNoise &noise, const NoisyRow &row, Rng &rng, Emit emit) {
  const double *next = noise.survive.data() + row.begin, *end = noise.survive.data() + row.end;
  double target = std::log(1.0 - row.any * rng.uniform());
  while (next != end) {
    next = firstBelow(next, size_t(end - next), target);
    if (next == end)
      return;
    emit(noise.cells[size_t(next - noise.survive.data())]);
    target = *next + std::log(1.0 - rng.uniform());
    ++next;
  }
}

} // namespace

// Skipping over the reads: after read j of the sequence (survival level L), the next read that
// flips something is the first whose level falls below L + ln(1 - v), v uniform. Its row r is the
// first with level[r + 1] below that target; within r, read i ends at level[r] + (i + 1) lr_r, so
// i = floor((target - level[r]) / lr_r). One draw per layer and sample finds that nothing flips
// (the common case); each flipping read costs a draw, plus one per flipped cell (rowFlips).
void drawFlips(const LayerNoise &noise, int64_t planes, int64_t row_base, Rng &rng,
               std::vector<Flip> &flips, ReadTally &tally) {
  size_t rows = noise.rows.size(), r = 0;
  int64_t next = 0; // the next read of row r
  for (;;) {
    double level = noise.level[r] + double(next) * noise.rows[r].lr;
    double target = level + std::log(1.0 - rng.uniform());
    const double *after = noise.level.data() + r + 1;
    size_t hit = size_t(firstBelow(after, rows - r, target) - noise.level.data());
    if (hit > rows)
      return;
    const NoisyRow &row = noise.rows[hit - 1];
    int64_t first = hit - 1 == r ? next : 0;
    // Rounding can put i a read early or late: keep it within the reads still to come.
    double at = std::floor((target - noise.level[hit - 1]) / row.lr);
    int64_t i = std::clamp<int64_t>(int64_t(std::min(at, 9e18)), first, noise.reads - 1);
    rowFlips(noise, row, rng, [&](const NoiseCell &c) {
      flips.push_back({row_base + i / planes, row.neuron, int32_t(i % planes), c.slot, c.weight});
      ++tally.flips;
      tally.wrong_delta += c.wrong ? -1 : 1; // a statically wrong cell that flips reads right
    });
    r = hit - 1;
    next = i + 1;
    if (next == noise.reads) { // the row is done: the sequence goes on with the next one
      if (++r == rows)
        return;
      next = 0;
    }
  }
}

} // namespace bnnc::emulator::detail
