// Threshold bits and affine scores (see epilogue.h).
#include "epilogue.h"

namespace bnnc::emulator::detail {

void thresholdRows(const LayerPass &pass, const int32_t *sums, int64_t nw, int64_t m0, int64_t rows,
                   int64_t n0, int64_t count, const int32_t *cls) {
  const LayerPlan &lp = *pass.lp;
  int64_t cw = pixelWords(lp.cout);
  pass.kernels->bits(sums, nw, rows, cls, &pass.w->lo[size_t(n0)], &pass.w->hi[size_t(n0)], lp.npad,
                     count, pass.conv + m0 * cw + n0 / 64, cw);
}

void binaryScores(const LayerPlan &lp, const LayerWeights &w, const int32_t *counts, int64_t n0,
                  int64_t count, const RowTarget &to) {
  size_t at = size_t(to.cls * lp.npad + n0);
  int64_t keff = lp.classes.keff[size_t(to.cls)];
  for (int64_t j = 0; j < count; ++j) {
    // Over the Keff real inputs, matches give +1 and mismatches -1: pre = (Keff - p) - p.
    int64_t p = counts[j] - w.corr[at + size_t(j)], n = n0 + j;
    double pre = double(keff - 2 * p);
    to.scores[n * lp.positions + to.pos] =
        float(lp.layer->scale[size_t(n)] * pre + lp.layer->offset[size_t(n)]);
  }
}

template <typename Sum>
void serialRow(const LayerPlan &lp, const Sum *sums, const int64_t *a, int64_t n0, int64_t count,
               const RowTarget &to) {
  const ir::Layer &layer = *lp.layer;
  // pre = lo * A + step * S, each product rounded, then the sum: the reference's order.
  auto pre = [&](int64_t j) {
    return lp.input->lo * double(a[j]) + lp.input->step() * double(sums[j]);
  };
  if (layer.output == ir::Layer::Output::Affine) {
    for (int64_t j = 0; j < count; ++j) {
      size_t n = size_t(n0 + j);
      to.scores[int64_t(n) * lp.positions + to.pos] =
          float(layer.scale[n] * pre(j) + layer.offset[n]);
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
