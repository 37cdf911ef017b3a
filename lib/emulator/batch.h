// A batch of samples through every layer: one pass over each layer's packed weights serves
// all the batch's samples (docs/emulator.md, "Batches and blocks"). One runner per thread.
#pragma once

#include "binding.h"
#include "block.h"

#include <vector>

namespace bnnc::emulator::detail {

class BatchRunner {
public:
  BatchRunner(const Plan &plan, const RunOptions &options, RunResult &result);
  // Samples [first, first + n) of `inputs`: their outputs and predictions go to the result.
  void run(const EncodedInputs &inputs, int64_t first, int64_t n);
  // Per layer: the read flips drawn so far and their change of the wrong reads.
  const std::vector<ReadTally> &tallies() const { return tally_; }

private:
  void runLayer(size_t l, const uint64_t *src, int64_t src_stride, int64_t n, uint64_t *dst);
  void drawLayerFlips(size_t l, int64_t n);
  void finish(const uint64_t *last, int64_t stride, int64_t first, int64_t n);

  const Plan &plan_;
  const RunOptions &options_;
  RunResult &result_;
  std::vector<Rng> rngs_; // per sample of the batch
  std::vector<uint64_t> act_[2], conv_;
  std::vector<float> scores_;        // the last layer's scores of the batch, before the final stage
  std::vector<Flip> flips_, sorted_; // a layer's flips for the batch, by batch row
  std::vector<int64_t> row_starts_;  // the counting sort's buckets
  Scratch scratch_;
  std::vector<ReadTally> tally_;
};

// Samples per batch: the batch's activations stay within the L2 cache.
int64_t autoBatch(const Plan &plan);

} // namespace bnnc::emulator::detail
