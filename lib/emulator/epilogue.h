// A layer's outputs from the sums the kernels computed, one row (sample, position) and one
// range of neurons at a time: threshold bits into the pixel's words, or affine scores.
#pragma once

#include "plan.h"

namespace bnnc::emulator::detail {

struct RowTarget {
  int64_t pos = 0, cls = 0; // output position and its padding class
  uint64_t *bits = nullptr; // threshold layers: the position's pixel words
  float *scores = nullptr;  // affine layers: the sample's outputs, C x H x W
};

// Binary layers: counts[j] is the raw popcount r of neuron n0 + j, p = r - corr its mismatches
// over the real inputs and pre = Keff - 2p (docs/emulator.md, "Binary layers").
void binaryOutputs(const KernelSet &kernels, const LayerPlan &lp, const LayerWeights &w,
                   const int32_t *counts, int64_t n0, int64_t count, const RowTarget &to);

// Bit-serial layers: sums[j] is S of neuron n0 + j and a[j] its A, the class's or, where flips
// of plane 0's read changed it (a_changed), this row's; pre = lo * A + step * S.
template <typename Sum>
void serialOutputs(const KernelSet &kernels, const LayerPlan &lp, const LayerWeights &w,
                   const Sum *sums, const int64_t *a, bool a_changed, int64_t n0, int64_t count,
                   const RowTarget &to);

} // namespace bnnc::emulator::detail
