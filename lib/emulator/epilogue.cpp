// Threshold bits, codes and affine scores (see epilogue.h).
#include "epilogue.h"

#include "codes.h"

namespace bnnc::emulator::detail {

void intervalOutputs(const LayerPass &pass, const int32_t *sums, int64_t nw, int64_t m0,
                     int64_t rows, int64_t n0, int64_t count, const int32_t *cls) {
  const LayerPlan &lp = *pass.lp;
  uint64_t *out = pass.conv + m0 * lp.pixel_words;
  if (!lp.codes()) {
    pass.kernels->bits(sums, nw, rows, cls, &pass.w->lo[size_t(n0)], &pass.w->hi[size_t(n0)],
                       lp.npad, count, out + n0 / 64, lp.pixel_words);
    return;
  }
  pass.kernels->codes(sums, nw, rows, cls, &pass.w->lo[size_t(n0)], &pass.w->hi[size_t(n0)],
                      lp.npad, lp.levels, count, lp.code_unit,
                      reinterpret_cast<unsigned char *>(out) + n0 * lp.code_unit,
                      8 * lp.pixel_words);
}

void binaryScores(const LayerPlan &lp, const int32_t *p, int64_t n0, int64_t count,
                  const RowTarget &to) {
  for (int64_t j = 0; j < count; ++j) {
    size_t n = size_t(n0 + j);
    to.scores[int64_t(n) * lp.positions + to.pos] =
        float(lp.layer->scale[n] * double(p[j]) + lp.layer->offset[n]);
  }
}

template <typename Sum>
void serialRow(const LayerPlan &lp, const Sum *sums, const int64_t *a, int64_t n0, int64_t count,
               const RowTarget &to) {
  const ir::Layer &layer = *lp.layer;
  // pre = lo * A + step * S, each product rounded, then the sum: the reference's order.
  auto pre = [&](int64_t j) {
    return lp.serial.lo * double(a[j]) + lp.serial.step * double(sums[j]);
  };
  if (layer.output == ir::Layer::Output::Affine) {
    for (int64_t j = 0; j < count; ++j) {
      size_t n = size_t(n0 + j);
      to.scores[int64_t(n) * lp.positions + to.pos] =
          float(layer.scale[n] * pre(j) + layer.offset[n]);
    }
    return;
  }
  if (lp.codes()) {
    auto *out = reinterpret_cast<unsigned char *>(to.bits);
    for (int64_t j = 0; j < count; ++j) {
      double v = pre(j);
      const ir::Compare *level = &layer.levels[size_t((n0 + j) * lp.levels)];
      uint32_t q = 0;
      for (int64_t l = 0; l < lp.levels; ++l)
        q += level[l].eval(v);
      storeCode(out, lp.code_unit, n0 + j, q);
    }
    return;
  }
  uint64_t *out = to.bits + n0 / 64;
  for (int64_t k = 0; k < (count + 63) / 64; ++k)
    out[k] = 0;
  for (int64_t j = 0; j < count; ++j)
    out[j / 64] |= uint64_t(layer.threshold[size_t(n0 + j)].eval(pre(j))) << (j % 64);
}

template void serialRow<int32_t>(const LayerPlan &, const int32_t *, const int64_t *, int64_t,
                                 int64_t, const RowTarget &);
template void serialRow<int64_t>(const LayerPlan &, const int64_t *, const int64_t *, int64_t,
                                 int64_t, const RowTarget &);

} // namespace bnnc::emulator::detail
