// The ideal chip: runs a chip image exactly as mapped, tile by tile, with bit-packed XNOR (XOR)
// and popcount over 64-bit words, reading the weights from the tiles' cell states.
#pragma once

#include "bnnc/image/image.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator {

struct RunOptions {
  int threads = 1; // samples are split over threads; results do not depend on the count
};

struct RunResult {
  int64_t samples = 0;
  int64_t classes = 0;              // elements of one output
  std::vector<float> outputs;       // samples * classes, the model's output tensor
  std::vector<int64_t> predictions; // argmax per sample (first maximum on ties)
};

// `inputs` holds `count` samples of numel(program.input.shape) float32 values each.
RunResult runChip(const image::ChipImage &image, const std::vector<float> &inputs, int64_t count,
                  const RunOptions &options);

} // namespace bnnc::emulator
