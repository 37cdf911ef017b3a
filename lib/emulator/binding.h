// A virtual chip bound to a plan (emulator.h, bind): per layer, the chip's weights as every read
// returns them without read noise (the sensed cells, with the cells that flip at every read
// inverted), packed like the plan's; the noisy rows for the skip sampler; and the per-sample
// read counts that do not depend on chance.
#pragma once

#include "noise.h"
#include "plan.h"

namespace bnnc::device {
struct ProgrammedTile;
}

namespace bnnc::emulator::detail {

struct LayerBinding {
  LayerWeights weights;
  LayerNoise noise;
  // Per sample: wrong reads without read noise (static errors x reads), flips of the cells with
  // p >= 1 (they flip at every read) and their change of the wrong reads.
  int64_t static_wrong = 0, certain_flips = 0, certain_delta = 0;
};

// What one tile contributes to its layer's binding.
struct TileScan {
  std::vector<uint64_t> words; // sensed, the certain cells inverted
  int64_t static_errors = 0, certain = 0, certain_delta = 0;
};

// The tile's risky cells: those with p >= 1 are inverted in the words; those with 0 < p < 1
// become noisy rows of the layer (tile row row0 + r is the layer's row row0 + r; column c goes
// to the slot slot[col0 + c]; the cell's weight is its sensed bit, or +-1 when `signs`).
TileScan scanTile(bool signs, const std::vector<int64_t> &slot, const mapping::Tile &tile,
                  const device::ProgrammedTile &chip, int64_t wpr, LayerNoise &noise);
// The per-sample counts of the scans and the noise's survival levels (b.noise.reads set).
void finishBinding(const std::vector<TileScan> &scans, LayerBinding &b);

} // namespace bnnc::emulator::detail

namespace bnnc::emulator {

struct ChipBinding {
  std::vector<detail::LayerBinding> layers;
};

} // namespace bnnc::emulator
