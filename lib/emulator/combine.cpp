// The planes' shift-and-add and the offset term (see combine.h).
#include "combine.h"

#include "rows.h"

#include <cstring>

namespace bnnc::emulator::detail {

void inputSums(const LayerPlan &lp, const unsigned char *x, int64_t ldx, int64_t rows,
               std::vector<int64_t> &out) {
  out.assign(size_t(rows), 0);
  for (int64_t r = 0; r < rows; ++r) {
    const unsigned char *row = x + r * ldx;
    int64_t sum = 0;
    if (isBinary(lp)) {
      for (int64_t k = 0; k < lp.kwords; ++k) {
        uint64_t word;
        std::memcpy(&word, row + 8 * k, 8);
        sum += __builtin_popcountll(word);
      }
    } else if (lp.kind == LayerPlan::Kind::Serial) {
      for (int64_t i = 0; i < lp.row_units; ++i)
        sum += row[i];
    } else {
      for (int64_t i = 0; i < lp.row_units; ++i) {
        uint32_t q;
        std::memcpy(&q, row + 4 * i, 4);
        sum += q;
      }
    }
    out[size_t(r)] = sum;
  }
}

// out = sum_i 2^i plane_i over `count` entries of each row.
template <typename Sum>
void shiftAdd(const LayerPlan &lp, const Sum *sums, int64_t plane_stride, int64_t nw, int64_t rows,
              int64_t count, Sum *out) {
  for (int64_t r = 0; r < rows; ++r) {
    Sum *o = out + r * nw;
    const Sum *s = sums + r * nw;
    for (int64_t n = 0; n < count; ++n)
      o[n] = s[n];
    for (int64_t i = 1; i < lp.wplanes; ++i)
      for (int64_t n = 0; n < count; ++n)
        o[n] += s[i * plane_stride + n] * (Sum(1) << i);
  }
}

void combineBinary(const LayerPlan &lp, const LayerWeights &w, const int32_t *counts,
                   int64_t plane_stride, int64_t nw, int64_t rows, const int32_t *cls,
                   const int64_t *ones, int64_t n0, int64_t count, int32_t *out) {
  shiftAdd(lp, counts, plane_stride, nw, rows, count, out);
  for (int64_t r = 0; r < rows; ++r) {
    int32_t *o = out + r * nw;
    const int64_t *base = &w.base[size_t(cls[r] * lp.npad + n0)];
    for (int64_t n = 0; n < count; ++n)
      o[n] = int32_t(base[n] - 2 * int64_t(o[n]));
    if (!lp.offsets)
      continue;
    const int32_t *e = &lp.offset[size_t(n0)];
    for (int64_t n = 0; n < count; ++n)
      o[n] += int32_t(2 * e[n] * ones[r]);
  }
}

template <typename Sum>
void combineSerial(const LayerPlan &lp, const Sum *sums, int64_t plane_stride, int64_t nw,
                   int64_t rows, const int64_t *qsum, int64_t n0, int64_t count, Sum *out) {
  shiftAdd(lp, sums, plane_stride, nw, rows, count, out);
  if (!lp.offsets)
    return;
  const int32_t *e = &lp.offset[size_t(n0)];
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t n = 0; n < count; ++n)
      out[r * nw + n] += Sum(e[n] * qsum[r]);
}

template void combineSerial<int32_t>(const LayerPlan &, const int32_t *, int64_t, int64_t, int64_t,
                                     const int64_t *, int64_t, int64_t, int32_t *);
template void combineSerial<int64_t>(const LayerPlan &, const int64_t *, int64_t, int64_t, int64_t,
                                     const int64_t *, int64_t, int64_t, int64_t *);

} // namespace bnnc::emulator::detail
