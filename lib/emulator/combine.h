// The periphery's combination of a multi-bit layer's weight planes (ir/program.h, "Weights"):
// the kernels give one integer per weight row (plane i of neuron n) and row of the block; the
// periphery shifts plane i's by i, adds them, and adds the offset term e_n times the input's sum.
// A binary layer of one plane without offsets has nothing to combine.
#pragma once

#include "block.h"

namespace bnnc::emulator::detail {

// The input's sum of each row of a block, for the offset term: the ones of a +-1 row (bits), or
// sum_j q_j of a bit-serial one (the padding holds 0 in both).
void inputSums(const LayerPlan &lp, const unsigned char *x, int64_t ldx, int64_t rows,
               std::vector<int64_t> &out);

// Binary layers: counts holds the raw popcounts [plane][rows][nw] (plane_stride apart) of
// neurons [n0, n0 + nw); out[r * nw + n] = P = base[cls[r]] - 2 sum_i 2^i r_i + 2 e ones[r]
// (weights.cpp derives base) for n < count.
void combineBinary(const LayerPlan &lp, const LayerWeights &w, const int32_t *counts,
                   int64_t plane_stride, int64_t nw, int64_t rows, const int32_t *cls,
                   const int64_t *ones, int64_t n0, int64_t count, int32_t *out);

// Bit-serial layers: out[r * nw + n] = S = sum_i 2^i S_i + e qsum[r] for n < count.
template <typename Sum>
void combineSerial(const LayerPlan &lp, const Sum *sums, int64_t plane_stride, int64_t nw,
                   int64_t rows, const int64_t *qsum, int64_t n0, int64_t count, Sum *out);

} // namespace bnnc::emulator::detail
