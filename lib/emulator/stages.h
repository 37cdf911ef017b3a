// The chip's periphery around the arrays: the input stage (comparators or bit-serial
// quantization) and the final Softmax/LogSoftmax and argmax.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// Comparator input: bit i = compare[i].eval(x[i]), packed (bit i of word i / 64).
void comparatorBits(const ir::InputStage &in, const float *x, int64_t n, uint64_t *act);

// The final stage on one sample's n float32 scores, into `out` (n values, or one with ArgMax;
// `out` may be `scores`);
// returns the predicted class, the index of the first maximum of `out` (of the scores with
// ArgMax, whose one output is that index). Softmax and LogSoftmax are computed in double and
// rounded to float32, with the maximum subtracted first:
//   softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m),  log softmax(x)_i = (x_i - m) - log(sum).
int64_t applyFinal(ir::Program::Final final, const float *scores, int64_t n, float *out);

// Index of the first maximum.
int64_t argmax(const float *v, int64_t n);

} // namespace bnnc::emulator::detail
