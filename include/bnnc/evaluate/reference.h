// A model on the reference interpreter over a data set (bnnc run MODEL.onnx, and --reference
// beside a chip): its outputs and predictions, read as the chip reads them.
#pragma once

#include "bnnc/ir/graph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace bnnc::evaluate {

struct ReferenceResult {
  int64_t samples = 0;
  // Values per sample, whose argmax is the prediction; or 1 when the output is the class index
  // a final TopK (k = 1) or ArgMax takes of `classes` scores.
  int64_t output_size = 0;
  int64_t classes = 0;
  std::vector<float> outputs;       // samples * output_size
  std::vector<int64_t> predictions; // one per sample
};

// Runs `graph` on `count` samples of `values` (float32, the graph's input shape each) on
// `threads` threads.
ReferenceResult runReference(const ir::Graph &graph, const std::vector<float> &values,
                             int64_t count, int threads);

// How many of the predictions equal the labels (or another run's predictions), position by
// position over the shorter of the two.
int64_t countEqual(std::span<const int64_t> a, std::span<const int64_t> b);

} // namespace bnnc::evaluate
