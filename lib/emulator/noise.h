// Read noise of a bound virtual chip: the skip sampler that draws, for one sample and one
// layer, which reads of which rows flip which cells (docs/emulator.md, "Sampling the read
// flips"). Flips do not depend on the data, so they are drawn before the layer runs and applied
// afterwards as corrections of the counts the kernels computed from the static weights.
#pragma once

#include "bnnc/support/random.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// A cell of a noisy row whose reads flip with probability 0 < p < 1.
struct NoiseCell {
  uint32_t slot = 0;  // its fan-in element's unit in the layer's rows (fan-ins are < 2^28)
  int8_t weight = 0;  // what it reads without noise: the bit (binary) or the sign (bit-serial)
  bool wrong = false; // that differs from the stored bit (a static error)
  int32_t held = -1;  // its held (telegraph) cell in LayerNoise::held, or -1
};

// A cell whose reads flip together for a whole run (one sample's inference) with probability p
// (docs/device-model.md, section 3.8): drawn once per sample, the flip then holds for every read
// of the layer's row in that sample.
struct HeldCell {
  int32_t neuron = 0;
  uint32_t slot = 0;
  int8_t weight = 0;  // what it reads without noise (the certain flips applied)
  bool wrong = false; // that differs from the stored bit
};

// A tile row with uncertain cells: neuron `neuron`, cells [begin, end) of LayerNoise::cells.
// any = 1 - prod(1 - p): the probability that a read of the row flips some cell;
// lr = ln(1 - any) = sum ln(1 - p) < 0.
struct NoisyRow {
  int32_t neuron = 0;
  uint32_t begin = 0, end = 0;
  double any = 0, lr = 0;
};

// The noisy rows of one layer. Each sample reads each row `reads` times (positions x planes,
// read i at position i / planes, plane i % planes); the rows' reads in order (row, read) form
// one sequence of independent trials, read j of row r flipping some cell with probability
// any_r. level[r] = sum_{r' < r} reads * lr_r' is the log-probability that no read before row r
// flips; survive[i] = sum ln(1 - p) over the row's cells up to cell i.
struct LayerNoise {
  std::vector<NoisyRow> rows;
  std::vector<double> level; // [rows + 1]
  std::vector<NoiseCell> cells;
  std::vector<double> survive; // [cells]
  int64_t reads = 0;
  bool signs = false; // weights are +-1 (bit-serial and plane layers), else bits 0/1
  // Held cells, in tile and row order; held_survive[i] = sum ln(1 - p) over the held cells up to
  // i with p < 1 (those with p >= 1, listed in held_certain, keep the previous sum and flip in
  // every run); held_any = 1 - exp(held_survive.back()), the probability that some uncertain
  // held cell flips in a run.
  std::vector<HeldCell> held;
  std::vector<double> held_survive;
  std::vector<uint32_t> held_certain;
  double held_any = 0;
  bool empty() const { return rows.empty() && held.empty(); }
};

// One flipped read of one cell.
struct Flip {
  int64_t row = 0; // the row of the layer's batch: sample in batch * positions + position
  int32_t neuron = 0;
  int32_t plane = 0;
  int64_t slot = 0;
  int8_t weight = 0;
};

struct ReadTally {
  int64_t flips = 0;
  int64_t wrong_delta = 0; // change of the wrong reads against the static errors alone
};

// Appends the flips of one sample's reads of the layer (its batch rows start at `row_base`),
// drawn from `rng`, and counts them: first the held cells that flip for this run (every read of
// their row), then the independent flips of each read. A read flip of a cell whose held flip is
// on turns it back (the flip records the weight as the held flip left it).
void drawFlips(const LayerNoise &noise, int64_t planes, int64_t row_base, Rng &rng,
               std::vector<Flip> &flips, ReadTally &tally);

} // namespace bnnc::emulator::detail
