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

// The held cells that flip in one run, by the same inversion as rowFlips over held_survive: one
// uniform decides whether any uncertain one does (most runs stop there), each flip then costs a
// draw. Appends their indices in increasing order (the certain ones merged in).
void heldFlips(const LayerNoise &noise, Rng &rng, std::vector<int32_t> &on) {
  for (uint32_t i : noise.held_certain)
    on.push_back(int32_t(i));
  double u = 0;
  if (!noise.held_survive.empty() && (u = rng.uniform()) < noise.held_any) {
    const double *first = noise.held_survive.data(), *next = first,
                 *end = first + noise.held_survive.size();
    double target = std::log(1.0 - u);
    while (next != end) {
      next = firstBelow(next, size_t(end - next), target);
      if (next == end)
        break;
      on.push_back(int32_t(next - first));
      target = *next + std::log(1.0 - rng.uniform());
      ++next;
    }
  }
  std::sort(on.begin(), on.end());
}

} // namespace

// Skipping over the reads: after read j of the sequence (survival level L), the next read that
// flips something is the first whose level falls below L + ln(1 - v), v uniform. Its row r is the
// first with level[r + 1] below that target; within r, read i ends at level[r] + (i + 1) lr_r, so
// i = floor((target - level[r]) / lr_r). One draw per layer and sample finds that nothing flips
// (the common case); each flipping read costs a draw, plus one per flipped cell (rowFlips).
void drawFlips(const LayerNoise &noise, int64_t planes, int64_t row_base, Rng &rng,
               std::vector<Flip> &flips, ReadTally &tally) {
  std::vector<int32_t> on; // the held cells flipped for this run
  if (!noise.held.empty())
    heldFlips(noise, rng, on);
  for (int32_t k : on) {
    const HeldCell &c = noise.held[size_t(k)];
    for (int64_t i = 0; i < noise.reads; ++i)
      flips.push_back({row_base + i / planes, c.neuron, int32_t(i % planes), c.slot, c.weight});
    tally.flips += noise.reads;
    tally.wrong_delta += noise.reads * (c.wrong ? -1 : 1);
  }
  size_t rows = noise.rows.size(), r = 0;
  if (rows == 0)
    return;
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
      // With its held flip on, the cell reads the other way already: this flip turns it back.
      bool held = c.held >= 0 && std::binary_search(on.begin(), on.end(), c.held);
      int8_t weight = !held ? c.weight : noise.signs ? int8_t(-c.weight) : int8_t(1 - c.weight);
      flips.push_back({row_base + i / planes, row.neuron, int32_t(i % planes), c.slot, weight});
      ++tally.flips;
      tally.wrong_delta += c.wrong != held ? -1 : 1; // a wrong cell that flips reads right
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
