// A virtual chip bound to a plan (emulator.h, bind): per layer, the chip's weights as every read
// returns them without read noise (the sensed cells, with the cells that flip at every read
// inverted), packed like the plan's; the noisy rows for the skip sampler; and the per-sample
// read counts that do not depend on chance.
#pragma once

#include "noise.h"
#include "plan.h"

namespace bnnc::emulator::detail {

struct LayerBinding {
  LayerWeights weights;
  LayerNoise noise;
  // Per sample: wrong reads without read noise (static errors x reads), flips of the cells with
  // p >= 1 (they flip at every read) and their change of the wrong reads.
  int64_t static_wrong = 0, certain_flips = 0, certain_delta = 0;
};

} // namespace bnnc::emulator::detail

namespace bnnc::emulator {

struct ChipBinding {
  std::vector<detail::LayerBinding> layers;
};

} // namespace bnnc::emulator
