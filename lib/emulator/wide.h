// The wide bit-serial path: inputs of more than 8 bits (q as 32-bit values) or fan-ins whose
// sums could pass 2^31, in 64-bit integers. Portable; no kernel set needs it to be fast.
#pragma once

#include <cstdint>

namespace bnnc::emulator::detail {

// dots[m * ldc + n] = sum_i q_m[i] * s_n[i] over 4 * kquads inputs, for every neuron of `groups`
// packed groups (kernels.h); row m of q starts at byte m * ldq and holds 32-bit values.
void wideDots(const unsigned char *q, int64_t ldq, int64_t rows, const int8_t *s, int64_t groups,
              int64_t kquads, int64_t *dots, int64_t ldc);

} // namespace bnnc::emulator::detail
