// The portable kernel set: plain loops over the packed layouts of kernels.h. The build does not
// assume -mpopcnt, so on x86-64 Linux the popcount loop is compiled twice (target_clones) and the
// loader picks the POPCNT version when the CPU has it; elsewhere the builtin is as compiled.
#include "bnnc/emulator/detail/kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) // ifunc needs glibc ELF
#define BNNC_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define BNNC_POPCNT_CLONES
#endif

namespace bnnc::emulator::detail {

namespace {

BNNC_POPCNT_CLONES void binaryScalar(const uint64_t *x, int64_t ldx, int64_t rows,
                                     const uint64_t *w, int64_t groups, int64_t kwords,
                                     int32_t *counts, int64_t ldc) {
  for (int64_t g = 0; g < groups; ++g) {
    const uint64_t *wg = w + g * kwords * kGroup;
    for (int64_t m = 0; m < rows; ++m) {
      const uint64_t *xm = x + m * ldx;
      int32_t acc[kGroup] = {};
      for (int64_t k = 0; k < kwords; ++k)
        for (int64_t j = 0; j < kGroup; ++j)
          acc[j] += __builtin_popcountll(xm[k] ^ wg[k * kGroup + j]);
      std::copy(acc, acc + kGroup, counts + m * ldc + g * kGroup);
    }
  }
}

void serialScalar(const uint8_t *q, int64_t ldq, int64_t rows, const int8_t *s, int64_t groups,
                  int64_t kquads, int32_t *dots, int64_t ldc) {
  for (int64_t g = 0; g < groups; ++g) {
    const int8_t *sg = s + g * kquads * kGroup * 4;
    for (int64_t m = 0; m < rows; ++m) {
      const uint8_t *qm = q + m * ldq;
      int32_t acc[kGroup] = {};
      for (int64_t i = 0; i < kquads; ++i)
        for (int64_t j = 0; j < kGroup; ++j)
          for (int64_t b = 0; b < 4; ++b)
            acc[j] += int32_t(qm[i * 4 + b]) * sg[(i * kGroup + j) * 4 + b];
      std::copy(acc, acc + kGroup, dots + m * ldc + g * kGroup);
    }
  }
}

void bitsScalar(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls, const int32_t *lo,
                const int32_t *hi, int64_t ldb, int64_t count, uint64_t *out, int64_t ldo) {
  for (int64_t r = 0; r < rows; ++r) {
    const int32_t *cr = c + r * ldc, *l = lo + cls[r] * ldb, *h = hi + cls[r] * ldb;
    uint64_t *o = out + r * ldo;
    std::fill(o, o + (count + 63) / 64, 0);
    for (int64_t n = 0; n < count; ++n)
      o[n / 64] |= uint64_t(l[n] <= cr[n] && cr[n] <= h[n]) << (n % 64);
  }
}

// Level after level over 64 channels at a time: the inner loop runs over channels.
void codesScalar(const int32_t *c, int64_t ldc, int64_t rows, const int32_t *cls, const int32_t *lo,
                 const int32_t *hi, int64_t ldb, int64_t levels, int64_t count, int64_t unit,
                 unsigned char *out, int64_t ldo) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t n0 = 0; n0 < count; n0 += 64) {
      int64_t m = std::min<int64_t>(64, count - n0);
      const int32_t *v = c + r * ldc + n0;
      uint32_t q[64] = {};
      for (int64_t j = 0; j < levels; ++j) {
        const int32_t *l = lo + (cls[r] * levels + j) * ldb + n0;
        const int32_t *h = hi + (cls[r] * levels + j) * ldb + n0;
        for (int64_t n = 0; n < m; ++n)
          q[n] += uint32_t(l[n] <= v[n]) & uint32_t(v[n] <= h[n]);
      }
      unsigned char *o = out + r * ldo + n0 * unit;
      for (int64_t n = 0; n < m; ++n)
        if (unit == 1)
          o[n] = static_cast<unsigned char>(q[n]);
        else
          std::memcpy(o + 4 * n, &q[n], 4);
    }
}

void compareScalar(const float *x, const float *sign, const float *t, const uint64_t *nan,
                   int64_t n, uint64_t *out) {
  std::fill(out, out + (n + 63) / 64, 0);
  for (int64_t i = 0; i < n; ++i) {
    bool bit = std::isnan(x[i]) ? (nan[i / 64] >> (i % 64)) & 1 : sign[i] * x[i] >= t[i];
    out[i / 64] |= uint64_t(bit) << (i % 64);
  }
}

} // namespace

const KernelSet &scalarKernels() {
  static const KernelSet set{Simd::Scalar, binaryScalar, serialScalar,
                             bitsScalar,   codesScalar,  compareScalar};
  return set;
}

} // namespace bnnc::emulator::detail
