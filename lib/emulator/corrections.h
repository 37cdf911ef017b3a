// Read-flip corrections (docs/emulator.md, "Sampling the read flips"): flips do not depend on the
// data, so they are drawn before a layer runs and applied to each block's kernel integers before
// the planes are combined. A flip names its weight row (plane i of neuron n: row i * cout + n),
// so it corrects the integer of the read it happened in.
#pragma once

#include "block.h"

namespace bnnc::emulator::detail {

// Binary layers: the raw popcounts of rows [m0, ...) (`sums`: [plane][row][nw], planes
// plane_stride apart, neurons n0..) for the flips [f, end) of those rows; x holds the rows (ldx
// bytes apart).
void correctBinary(const LayerPass &pass, const Flip *f, const Flip *end, int64_t m0,
                   const unsigned char *x, int64_t ldx, int32_t *sums, int64_t plane_stride,
                   int64_t n0, int64_t nw);

// Bit-serial layers: each plane's S likewise; the flips that change A are appended to a_flips.
template <typename Sum>
void correctSerial(const LayerPass &pass, const Flip *f, const Flip *end, int64_t m0,
                   const unsigned char *q, int64_t ldq, Sum *sums, int64_t plane_stride, int64_t n0,
                   int64_t nw, std::vector<Flip> &a_flips);

// A of row m's neurons [n0, n0 + nw) of class cls: the class's, or with the changes of the
// flips a_flips[i..] (sorted by row) that belong to row m (i moves past them).
const int64_t *rowA(const LayerPass &pass, int64_t m, int64_t cls, int64_t n0, int64_t nw,
                    const std::vector<Flip> &a_flips, size_t &i, Scratch &scratch);

} // namespace bnnc::emulator::detail
