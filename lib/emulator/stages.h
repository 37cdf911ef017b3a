// The chip's periphery around the arrays: the input stage (comparators or bit-serial
// quantization) and the final Softmax/LogSoftmax and argmax.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// Comparator input: bit i = compare[i].eval(x[i]), packed (bit i of word i / 64).
void comparatorBits(const ir::InputStage &in, const float *x, int64_t n, uint64_t *act);

// Bit-serial input: q = clamp(round((x - lo) / step), 0, 2^bits - 1), rounding half away from
// zero (std::lround). The scaled value is clamped before rounding, which gives the same q for
// every finite x (the bounds are integers and rounding is monotone) and keeps lround in range;
// NaN gives 0.
uint32_t quantize(const ir::InputStage &in, double x);

// The final Softmax or LogSoftmax over one sample's n outputs, computed in double from the
// float32 scores and rounded to float32, with the maximum subtracted first:
//   softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m),  log softmax(x)_i = (x_i - m) - log(sum).
void applyFinal(ir::Program::Final final, float *out, int64_t n);

// Index of the first maximum.
int64_t argmax(const float *v, int64_t n);

} // namespace bnnc::emulator::detail
