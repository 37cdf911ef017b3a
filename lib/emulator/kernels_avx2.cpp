// The AVX2 kernel set, compiled for that target function by function. Layouts: kernels.h.
//
// Binary: AVX2 has no vector popcount, so each byte of (x XOR w) is counted by two lookups of a
// 16-entry table (its low and high nibble, VPSHUFB) and the byte counts are summed. A byte count
// is at most 8 per word, so byte accumulators take 31 words (31 * 8 = 248 <= 255) before VPSADBW
// adds their eight bytes into each 64-bit lane. A group of 32 neurons is done in two halves of
// 16 (four 256-bit vectors) to keep the accumulators within the 16 registers.
// Serial: as in the AVX-512 set, VPMADDUBSW then VPMADDWD by ones, 8 neurons per vector.
#include "bnnc/emulator/detail/kernels.h"

#if defined(__x86_64__)

#include <cstring>
#include <immintrin.h>

#define BNNC_AVX2 __attribute__((target("avx2")))
#define BNNC_AVX2_INLINE BNNC_AVX2 inline __attribute__((always_inline))

namespace bnnc::emulator::detail {

namespace {

// Popcounts of 16 neurons (w points at the half group's first lane) for one row.
BNNC_AVX2_INLINE void binaryHalf(const uint64_t *x, const uint64_t *w, int64_t kwords,
                                 int32_t *counts) {
  const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2,
                                       1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  __m256i sum[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                    _mm256_setzero_si256()};
  for (int64_t k0 = 0; k0 < kwords; k0 += 31) {
    __m256i bytes[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                        _mm256_setzero_si256()};
    for (int64_t k = k0; k < kwords && k < k0 + 31; ++k) {
      __m256i xb = _mm256_set1_epi64x(int64_t(x[k]));
#pragma GCC unroll 4
      for (int v = 0; v < 4; ++v) {
        __m256i t = _mm256_xor_si256(
            xb, _mm256_loadu_si256(reinterpret_cast<const __m256i *>(w + k * kGroup + 4 * v)));
        __m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(t, nibble));
        __m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(t, 4), nibble));
        bytes[v] = _mm256_add_epi8(bytes[v], _mm256_add_epi8(lo, hi));
      }
    }
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      sum[v] = _mm256_add_epi64(sum[v], _mm256_sad_epu8(bytes[v], _mm256_setzero_si256()));
  }
  alignas(32) int64_t lanes[16];
#pragma GCC unroll 4
  for (int v = 0; v < 4; ++v)
    _mm256_store_si256(reinterpret_cast<__m256i *>(lanes + 4 * v), sum[v]);
  for (int j = 0; j < 16; ++j)
    counts[j] = int32_t(lanes[j]);
}

BNNC_AVX2 void binaryAvx2(const uint64_t *x, int64_t ldx, int64_t rows, const uint64_t *w,
                          int64_t groups, int64_t kwords, int32_t *counts, int64_t ldc) {
  for (int64_t g = 0; g < groups; ++g) {
    const uint64_t *wg = w + g * kwords * kGroup;
    for (int64_t m = 0; m < rows; ++m)
      for (int half = 0; half < 2; ++half)
        binaryHalf(x + m * ldx, wg + 16 * half, kwords, counts + m * ldc + g * kGroup + 16 * half);
  }
}

template <int R>
BNNC_AVX2_INLINE void serialRows(const uint8_t *q, int64_t ldq, const int8_t *sg, int64_t kquads,
                                 int32_t *dots, int64_t ldc) {
  const __m256i ones = _mm256_set1_epi16(1);
  __m256i acc[R][4];
#pragma GCC unroll 2
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      acc[r][v] = _mm256_setzero_si256();
  for (int64_t i = 0; i < kquads; ++i) {
    __m256i s[4];
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      s[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(sg + (i * kGroup + 8 * v) * 4));
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) {
      int32_t four;
      std::memcpy(&four, q + r * ldq + 4 * i, 4);
      __m256i qb = _mm256_set1_epi32(four);
#pragma GCC unroll 4
      for (int v = 0; v < 4; ++v)
        acc[r][v] =
            _mm256_add_epi32(acc[r][v], _mm256_madd_epi16(_mm256_maddubs_epi16(qb, s[v]), ones));
    }
  }
#pragma GCC unroll 2
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < 4; ++v)
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(dots + r * ldc + 8 * v), acc[r][v]);
}

BNNC_AVX2 void serialAvx2(const uint8_t *q, int64_t ldq, int64_t rows, const int8_t *s,
                          int64_t groups, int64_t kquads, int32_t *dots, int64_t ldc) {
  for (int64_t g = 0; g < groups; ++g) {
    const int8_t *sg = s + g * kquads * kGroup * 4;
    int32_t *dg = dots + g * kGroup;
    int64_t m = 0;
    for (; m + 2 <= rows; m += 2)
      serialRows<2>(q + m * ldq, ldq, sg, kquads, dg + m * ldc, ldc);
    for (; m < rows; ++m)
      serialRows<1>(q + m * ldq, ldq, sg, kquads, dg + m * ldc, ldc);
  }
}

// Eight compares at a time: bit n is set unless lo[n] > c[n] or c[n] > hi[n]. The rows hold
// whole groups of 32, so whole vectors are read; the bits past `count` are cleared at the end.
// Eight channels at a time: a lane out of level j's interval adds -1 (lo > v or v > hi), so
// q = levels + the sum; the codes leave through a small array, count of them.
BNNC_AVX2 void codesAvx2(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls,
                         const int32_t *lo, const int32_t *hi, int64_t ldb, int64_t levels,
                         int64_t count, int64_t unit, unsigned char *out, int64_t ldo) {
  const __m256i all = _mm256_set1_epi32(int32_t(levels));
  for (int64_t r = 0; r < rows; ++r) {
    const int32_t *l = lo + cls[r] * levels * ldb, *h = hi + cls[r] * levels * ldb;
    for (int64_t n = 0; n < count; n += 8) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(c + r * ldc + n));
      __m256i miss = _mm256_setzero_si256();
      for (int64_t j = 0; j < levels; ++j) {
        __m256i lv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(l + j * ldb + n));
        __m256i hv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(h + j * ldb + n));
        __m256i out_of = _mm256_or_si256(_mm256_cmpgt_epi32(lv, v), _mm256_cmpgt_epi32(v, hv));
        miss = _mm256_add_epi32(miss, out_of);
      }
      uint32_t q[8];
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(q), _mm256_add_epi32(all, miss));
      unsigned char *o = out + r * ldo + n * unit;
      for (int64_t k = 0; k < 8 && n + k < count; ++k)
        if (unit == 1)
          o[k] = static_cast<unsigned char>(q[k]);
        else
          std::memcpy(o + 4 * k, &q[k], 4);
    }
  }
}

BNNC_AVX2 void bitsAvx2(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls,
                        const int32_t *lo, const int32_t *hi, int64_t ldb, int64_t count,
                        uint64_t *out, int64_t ldo) {
  for (int64_t r = 0; r < rows; ++r) {
    const int32_t *cr = c + r * ldc, *l = lo + cls[r] * ldb, *h = hi + cls[r] * ldb;
    for (int64_t w = 0; w * 64 < count; ++w) {
      uint64_t word = 0;
      for (int64_t j = 0; j < 8 && w * 64 + 8 * j < count; ++j) {
        int64_t n = w * 64 + 8 * j;
        __m256i cv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(cr + n));
        __m256i lv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(l + n));
        __m256i hv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(h + n));
        __m256i out_of_range =
            _mm256_or_si256(_mm256_cmpgt_epi32(lv, cv), _mm256_cmpgt_epi32(cv, hv));
        uint64_t in = ~uint64_t(_mm256_movemask_ps(_mm256_castsi256_ps(out_of_range))) & 0xff;
        word |= in << (8 * j);
      }
      int64_t used = count - w * 64;
      out[r * ldo + w] = used >= 64 ? word : word & ((uint64_t(1) << used) - 1);
    }
  }
}

// Eight inputs at a time, the last few one by one.
BNNC_AVX2 void compareAvx2(const float *x, const float *sign, const float *t, const uint64_t *nan,
                           int64_t n, uint64_t *out) {
  for (int64_t w = 0; w * 64 < n; ++w) {
    uint64_t word = 0;
    int64_t i = w * 64, end = n < w * 64 + 64 ? n : w * 64 + 64;
    for (; i + 8 <= end; i += 8) {
      __m256 xv = _mm256_loadu_ps(x + i);
      __m256 ge = _mm256_cmp_ps(_mm256_mul_ps(_mm256_loadu_ps(sign + i), xv),
                                _mm256_loadu_ps(t + i), _CMP_GE_OQ);
      uint64_t isnan = uint64_t(_mm256_movemask_ps(_mm256_cmp_ps(xv, xv, _CMP_UNORD_Q)));
      uint64_t bits = uint64_t(_mm256_movemask_ps(ge)) | (isnan & (nan[w] >> (i % 64)));
      word |= (bits & 0xff) << (i % 64);
    }
    for (; i < end; ++i) {
      bool bit = x[i] != x[i] ? (nan[w] >> (i % 64)) & 1 : sign[i] * x[i] >= t[i];
      word |= uint64_t(bit) << (i % 64);
    }
    out[w] = word;
  }
}

} // namespace

const KernelSet &avx2Kernels() {
  static const KernelSet set{Simd::Avx2, binaryAvx2, serialAvx2, bitsAvx2, codesAvx2, compareAvx2};
  return set;
}

} // namespace bnnc::emulator::detail

#endif
