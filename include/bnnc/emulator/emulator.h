// The chip emulator: runs a chip image exactly as mapped, tile by tile, with bit-packed XNOR (XOR)
// and popcount over 64-bit words. The weights are read from the tiles: from the cell states the
// compiler stored (the ideal chip), or from a virtual chip's sensed cells, whose risky cells flip
// at random at every row read (docs/emulator.md, "Virtual chips").
#pragma once

#include "bnnc/image/image.h"

#include <cstdint>
#include <vector>

namespace bnnc::device {
struct VirtualChip;
}

namespace bnnc::emulator {

struct RunOptions {
  int threads = 1; // samples are split over threads; results do not depend on the count
  // The chip instance to run, or null for the ideal chip (every cell reads as stored). Row reads
  // of a virtual chip draw their read flips from the stream streamKey(seed, {chip_index, s}) of
  // sample s (support/random.h), so a run depends on (image, chip, seed, chip_index) only.
  const device::VirtualChip *chip = nullptr;
  uint64_t seed = 0;
  uint64_t chip_index = 0;
};

// Weight reads of one layer, summed over all samples of a run. A row read of a tile reads every
// used cell of the row (its used columns), once per input bit-plane.
struct ReadCounts {
  int64_t cell_reads = 0;  // used cells read
  int64_t wrong_reads = 0; // reads whose bit differs from the stored bit (static errors of the
                           // chip plus read flips; a flip of a statically wrong cell reads right)
  int64_t read_flips = 0;  // reads inverted by read noise
};

struct RunResult {
  int64_t samples = 0;
  int64_t classes = 0;              // the last layer's scores per sample
  int64_t output_size = 0;          // elements of one output: classes, or 1 (the class index)
  std::vector<float> outputs;       // samples * output_size, the model's output tensor
  std::vector<int64_t> predictions; // argmax of the scores per sample (first maximum on ties)
  std::vector<ReadCounts> reads;    // per layer (the ideal chip reads no wrong bits)
};

// `inputs` holds `count` samples of numel(program.input.shape) float32 values each. A virtual
// chip must come from programming this image (one ProgrammedTile per image tile).
RunResult runChip(const image::ChipImage &image, const std::vector<float> &inputs, int64_t count,
                  const RunOptions &options);

} // namespace bnnc::emulator
