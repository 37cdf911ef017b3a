// A layer's outputs from the integers the kernels computed (combined over the weight planes,
// combine.h): threshold bits into the rows' pixel words, codes into their pixel bytes, or affine
// scores (docs/emulator.md, "Outputs").
#pragma once

#include "block.h"

namespace bnnc::emulator::detail {

struct RowTarget {
  int64_t pos = 0, cls = 0; // output position and its padding class
  uint64_t *bits = nullptr; // threshold layers: the position's pixel words (bits or codes)
  float *scores = nullptr;  // affine layers: the sample's outputs, C x H x W
};

// Threshold layers: the outputs of rows [m0, m0 + rows) for neurons [n0, n0 + count) from `sums`
// (nw per row; the raw popcount, P or S) against the intervals of each row's class cls[r]: bits
// (KernelSet::bits) or codes (KernelSet::codes). Row m's pixel is at pass.conv + m * pixel_words
// (sample s starts at s * positions).
void intervalOutputs(const LayerPass &pass, const int32_t *sums, int64_t nw, int64_t m0,
                     int64_t rows, int64_t n0, int64_t count, const int32_t *cls);

// Affine binary layers: p[j] is P of neuron n0 + j, pre = P (docs/emulator.md, "Binary layers").
void binaryScores(const LayerPlan &lp, const int32_t *p, int64_t n0, int64_t count,
                  const RowTarget &to);

// Bit-serial layers, one row: sums[j] is S of neuron n0 + j and a[j] its A, pre = lo * A +
// step * S; affine scores, or threshold bits or codes by Compare::eval (the rows whose A flips
// changed, and the wide path).
template <typename Sum>
void serialRow(const LayerPlan &lp, const Sum *sums, const int64_t *a, int64_t n0, int64_t count,
               const RowTarget &to);

} // namespace bnnc::emulator::detail
