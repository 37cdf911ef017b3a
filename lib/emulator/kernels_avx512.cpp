// The AVX-512 kernel set (AVX-512F, BW and VPOPCNTDQ), compiled for that target function by
// function so that the rest of the build stays portable. Layouts: kernels.h.
//
// Binary: a packed group is kGroup = 32 neurons, four 512-bit vectors of one word each per input
// word k. One input word, broadcast, is XORed with the four vectors and VPOPCNTQ counts the 64
// mismatches of each lane: 2048 binary multiply-accumulates per input word and row. Up to four
// rows share each weight load (register blocking: 16 accumulators, 4 weight vectors).
// Serial: VPMADDUBSW multiplies four broadcast input bytes by the four signs of 16 neurons and
// adds pairs (|q0 s0 + q1 s1| <= 510, no saturation); VPMADDWD by ones adds the pairs of pairs
// into 32-bit lanes.
#include "bnnc/emulator/detail/kernels.h"

#if defined(__x86_64__)

#include <cstring>
#include <immintrin.h>

#define BNNC_AVX512 __attribute__((target("avx512f,avx512bw,avx512vpopcntdq")))
#define BNNC_AVX512_INLINE BNNC_AVX512 inline __attribute__((always_inline))

namespace bnnc::emulator::detail {

namespace {

template <int R>
BNNC_AVX512_INLINE void binaryRows(const uint64_t *x, int64_t ldx, const uint64_t *wg,
                                   int64_t kwords, int32_t *counts, int64_t ldc) {
  __m512i acc[R][4];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      acc[r][v] = _mm512_setzero_si512();
  for (int64_t k = 0; k < kwords; ++k) {
    const uint64_t *wk = wg + k * kGroup;
    __m512i w[4];
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      w[v] = _mm512_loadu_si512(wk + 8 * v);
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      __m512i xr = _mm512_set1_epi64(int64_t(x[r * ldx + k]));
#pragma GCC unroll 4
      for (int v = 0; v < 4; ++v)
        acc[r][v] = _mm512_add_epi64(acc[r][v], _mm512_popcnt_epi64(_mm512_xor_si512(xr, w[v])));
    }
  }
  // The counts fit in 32 bits (fan-ins are below 2^31): narrow the lanes.
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(counts + r * ldc + 8 * v),
                          _mm512_maskz_cvtepi64_epi32(0xff, acc[r][v]));
}

BNNC_AVX512 void binaryAvx512(const uint64_t *x, int64_t ldx, int64_t rows, const uint64_t *w,
                              int64_t groups, int64_t kwords, int32_t *counts, int64_t ldc) {
  for (int64_t g = 0; g < groups; ++g) {
    const uint64_t *wg = w + g * kwords * kGroup;
    int32_t *cg = counts + g * kGroup;
    int64_t m = 0;
    for (; m + 4 <= rows; m += 4)
      binaryRows<4>(x + m * ldx, ldx, wg, kwords, cg + m * ldc, ldc);
    for (; m < rows; ++m)
      binaryRows<1>(x + m * ldx, ldx, wg, kwords, cg + m * ldc, ldc);
  }
}

template <int R>
BNNC_AVX512_INLINE void serialRows(const uint8_t *q, int64_t ldq, const int8_t *sg, int64_t kquads,
                                   int32_t *dots, int64_t ldc) {
  const __m512i ones = _mm512_set1_epi16(1);
  __m512i acc[R][2];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r)
    acc[r][0] = acc[r][1] = _mm512_setzero_si512();
  for (int64_t i = 0; i < kquads; ++i) {
    __m512i s0 = _mm512_loadu_si512(sg + i * kGroup * 4);
    __m512i s1 = _mm512_loadu_si512(sg + i * kGroup * 4 + 64);
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      int32_t four;
      std::memcpy(&four, q + r * ldq + 4 * i, 4);
      __m512i qb = _mm512_set1_epi32(four);
      acc[r][0] =
          _mm512_add_epi32(acc[r][0], _mm512_madd_epi16(_mm512_maddubs_epi16(qb, s0), ones));
      acc[r][1] =
          _mm512_add_epi32(acc[r][1], _mm512_madd_epi16(_mm512_maddubs_epi16(qb, s1), ones));
    }
  }
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    _mm512_storeu_si512(dots + r * ldc, acc[r][0]);
    _mm512_storeu_si512(dots + r * ldc + 16, acc[r][1]);
  }
}

BNNC_AVX512 void serialAvx512(const uint8_t *q, int64_t ldq, int64_t rows, const int8_t *s,
                              int64_t groups, int64_t kquads, int32_t *dots, int64_t ldc) {
  for (int64_t g = 0; g < groups; ++g) {
    const int8_t *sg = s + g * kquads * kGroup * 4;
    int32_t *dg = dots + g * kGroup;
    int64_t m = 0;
    for (; m + 4 <= rows; m += 4)
      serialRows<4>(q + m * ldq, ldq, sg, kquads, dg + m * ldc, ldc);
    for (; m < rows; ++m)
      serialRows<1>(q + m * ldq, ldq, sg, kquads, dg + m * ldc, ldc);
  }
}

// Sixteen compares at a time give sixteen output bits. The rows hold whole groups of 32, so
// whole vectors are read; the bits past `count` are cleared at the end.
BNNC_AVX512 void bitsAvx512(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls,
                            const int32_t *lo, const int32_t *hi, int64_t ldb, int64_t count,
                            uint64_t *out, int64_t ldo) {
  for (int64_t r = 0; r < rows; ++r) {
    const int32_t *cr = c + r * ldc, *l = lo + cls[r] * ldb, *h = hi + cls[r] * ldb;
    for (int64_t w = 0; w * 64 < count; ++w) {
      uint64_t word = 0;
      for (int64_t j = 0; j < 4 && w * 64 + 16 * j < count; ++j) {
        int64_t n = w * 64 + 16 * j;
        __m512i cv = _mm512_loadu_si512(cr + n);
        __mmask16 ge = _mm512_cmpge_epi32_mask(cv, _mm512_loadu_si512(l + n));
        __mmask16 in = _mm512_mask_cmple_epi32_mask(ge, cv, _mm512_loadu_si512(h + n));
        word |= uint64_t(in) << (16 * j);
      }
      int64_t used = count - w * 64;
      out[r * ldo + w] = used >= 64 ? word : word & ((uint64_t(1) << used) - 1);
    }
  }
}

// Sixteen channels at a time, a masked add per level; lanes past count are not stored.
BNNC_AVX512 void codesAvx512(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls,
                             const int32_t *lo, const int32_t *hi, int64_t ldb, int64_t levels,
                             int64_t count, int64_t unit, unsigned char *out, int64_t ldo) {
  const __m512i one = _mm512_set1_epi32(1);
  for (int64_t r = 0; r < rows; ++r) {
    const int32_t *l = lo + cls[r] * levels * ldb, *h = hi + cls[r] * levels * ldb;
    for (int64_t n = 0; n < count; n += 16) {
      __mmask16 live = count - n >= 16 ? __mmask16(0xffff) : __mmask16((1u << (count - n)) - 1);
      __m512i v = _mm512_loadu_si512(c + r * ldc + n), q = _mm512_setzero_si512();
      for (int64_t j = 0; j < levels; ++j) {
        __mmask16 ge = _mm512_cmpge_epi32_mask(v, _mm512_loadu_si512(l + j * ldb + n));
        __mmask16 in = _mm512_mask_cmple_epi32_mask(ge, v, _mm512_loadu_si512(h + j * ldb + n));
        q = _mm512_mask_add_epi32(q, in, q, one);
      }
      if (unit == 1)
        _mm512_mask_cvtepi32_storeu_epi8(out + r * ldo + n, live, q);
      else
        _mm512_mask_storeu_epi32(out + r * ldo + 4 * n, live, q);
    }
  }
}

// Sixteen inputs at a time; lanes past n are masked off.
BNNC_AVX512 void compareAvx512(const float *x, const float *sign, const float *t,
                               const uint64_t *nan, int64_t n, uint64_t *out) {
  for (int64_t w = 0; w * 64 < n; ++w) {
    uint64_t word = 0;
    for (int64_t i = w * 64; i < n && i < w * 64 + 64; i += 16) {
      __mmask16 live = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1);
      __m512 xv = _mm512_maskz_loadu_ps(live, x + i);
      __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(live, sign + i), xv);
      __mmask16 ge =
          _mm512_mask_cmp_ps_mask(live, v, _mm512_maskz_loadu_ps(live, t + i), _CMP_GE_OQ);
      __mmask16 isnan = _mm512_mask_cmp_ps_mask(live, xv, xv, _CMP_UNORD_Q);
      uint64_t bits = ge | (isnan & uint32_t(nan[w] >> (i % 64)));
      word |= (bits & 0xffff) << (i % 64);
    }
    out[w] = word;
  }
}

} // namespace

const KernelSet &avx512Kernels() {
  static const KernelSet set{Simd::Avx512, binaryAvx512, serialAvx512,
                             bitsAvx512,   codesAvx512,  compareAvx512};
  return set;
}

} // namespace bnnc::emulator::detail

#endif
