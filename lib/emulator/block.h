// One block of a layer's rows (sample, position) through the kernels: gathered (or read in
// place), multiplied with every neuron block's packed weights, one weight plane after the other,
// corrected for the block's read flips, the planes combined, and turned into outputs
// (docs/emulator.md, "Batches and blocks").
#pragma once

#include "noise.h"
#include "plan.h"

#include <vector>

namespace bnnc::emulator::detail {

constexpr int64_t kNeuronBlock = 256; // neurons whose sums are held at once (a multiple of 64)

// A layer run over a batch of samples.
struct LayerPass {
  const LayerPlan *lp = nullptr;
  const LayerWeights *w = nullptr;
  const KernelSet *kernels = nullptr;
  const uint64_t *src = nullptr; // sample s's input buffer: src + s * src_stride words
  int64_t src_stride = 0;
  uint64_t *conv = nullptr; // threshold layers: sample s's output pixels, conv + s * conv_stride
                            // (bits, or codes zeroed before the pass)
  int64_t conv_stride = 0;
  float *scores = nullptr; // affine layers: sample s's outputs, scores + s * score_stride
  int64_t score_stride = 0;
  const Flip *flips = nullptr, *flips_end = nullptr; // sorted by row
};

// Buffers of one thread, reused from block to block.
struct Scratch {
  std::vector<uint64_t> rows;
  std::vector<int32_t> sums, total;      // [wplanes][rows][nw], and combined [rows][nw]
  std::vector<int64_t> wide, wide_total; // the same on the wide path
  std::vector<int64_t> input_sums;       // layers with offsets: each row's input sum
  std::vector<int32_t> cls;              // the padding class of each row of the block
  std::vector<int64_t> a;                // a row's A where flips changed it
  std::vector<Flip> a_flips;             // the block's flips that change A
};

// Rows per block: the block's rows and one neuron block's sums stay within the L1 cache.
int64_t blockRows(const LayerPlan &lp);

// Runs rows [m0, m0 + rows) of the pass; row m is sample m / positions at position m % positions.
void runBlock(const LayerPass &pass, int64_t m0, int64_t rows, Scratch &scratch);

} // namespace bnnc::emulator::detail
