// Internals of the emulator (namespace detail), public only so that the unit tests reach them
// through include/; not part of the library's API (docs/library.md).
// The batched kernels of the emulator, one set per instruction set (scalar, AVX2, AVX-512 with
// VPOPCNTDQ), chosen at run time. All sets compute the same integers; tests hold each one to the
// naive reference (docs/emulator.md, "Kernels").
//
// Weights are packed neuron-lane major in groups of kGroup neurons: word k of the packed row of
// neuron n = g * kGroup + j lies at w[(g * kwords + k) * kGroup + j], so that one input word,
// broadcast, meets the same word of kGroup neurons in consecutive memory. Signs (the +-1 weights
// of a bit-serial layer, as int8) are packed alike by groups of four inputs: sign i of neuron n
// lies at s[((g * kquads + i / 4) * kGroup + j) * 4 + i % 4].
#pragma once

#include "bnnc/emulator/emulator.h"

#include <cstdint>

namespace bnnc::emulator::detail {

constexpr int64_t kGroup = 32; // neurons per packed group

struct KernelSet {
  Simd simd = Simd::Scalar;
  // counts[m * ldc + n] = popcount(x_m XOR w_n) over kwords words, for m < rows and every n of
  // `groups` groups; row m of the input starts at x + m * ldx.
  void (*binary)(const uint64_t *x, int64_t ldx, int64_t rows, const uint64_t *w, int64_t groups,
                 int64_t kwords, int32_t *counts, int64_t ldc) = nullptr;
  // dots[m * ldc + n] = sum_i q_m[i] * s_n[i] over 4 * kquads inputs: unsigned bytes times
  // signs. The caller keeps every |dot| below 2^31 (255 * inputs < 2^31).
  void (*serial)(const uint8_t *q, int64_t ldq, int64_t rows, const int8_t *s, int64_t groups,
                 int64_t kquads, int32_t *dots, int64_t ldc) = nullptr;
  // Thresholds of a block of rows: for r < rows, bit n (n < count) of the ceil(count / 64)
  // words at out + r * ldo is lo_r[n] <= c[r * ldc + n] <= hi_r[n], with lo_r = lo + cls[r] * ldb
  // and hi_r = hi + cls[r] * ldb (the interval of the row's padding class); bits >= count are 0.
  // The rows of c and the intervals hold count rounded up to kGroup entries.
  void (*bits)(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls, const int32_t *lo,
               const int32_t *hi, int64_t ldb, int64_t count, uint64_t *out, int64_t ldo) = nullptr;
  // The comparator bank of a multi-bit output (codes.h): for r < rows and n < count, the code
  // q = #{j < levels : lo_j[n] <= c[r * ldc + n] <= hi_j[n]} with lo_j = lo + (cls[r] * levels +
  // j) * ldb (hi alike), stored at out + r * ldo as byte n (unit 1) or 32-bit value n (unit 4);
  // nothing past the count-th code is written. The rows of c and the intervals hold count
  // rounded up to kGroup entries.
  void (*codes)(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls, const int32_t *lo,
                const int32_t *hi, int64_t ldb, int64_t levels, int64_t count, int64_t unit,
                unsigned char *out, int64_t ldo) = nullptr;
  // The comparator input stage (input_table.h): bit i of out (i < n) = sign[i] * x[i] >= t[i]
  // (ordered: NaN never passes), or the bit i of `nan` where x[i] is NaN. ceil(n / 64) words,
  // bits >= n 0.
  void (*compare)(const float *x, const float *sign, const float *t, const uint64_t *nan, int64_t n,
                  uint64_t *out) = nullptr;
};

const KernelSet &scalarKernels();
#if defined(__x86_64__)
const KernelSet &avx2Kernels();
const KernelSet &avx512Kernels();
#endif

// The set for `simd` (Auto: the best supported, or the one BNNC_SIMD names); `simd` must be
// supported (simdSupported).
const KernelSet &kernelsFor(Simd simd);

} // namespace bnnc::emulator::detail
