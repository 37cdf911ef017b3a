// Threshold bits and affine scores of a row (see epilogue.h).
#include "epilogue.h"

#include <type_traits>

namespace bnnc::emulator::detail {

void binaryOutputs(const KernelSet &kernels, const LayerPlan &lp, const LayerWeights &w,
                   const int32_t *counts, int64_t n0, int64_t count, const RowTarget &to) {
  size_t at = size_t(to.cls * lp.npad + n0);
  if (lp.layer->output == ir::Layer::Output::Threshold) {
    kernels.bits(counts, &w.lo[at], &w.hi[at], count, to.bits + n0 / 64);
    return;
  }
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
void serialOutputs(const KernelSet &kernels, const LayerPlan &lp, const LayerWeights &w,
                   const Sum *sums, const int64_t *a, bool a_changed, int64_t n0, int64_t count,
                   const RowTarget &to) {
  const ir::Layer &layer = *lp.layer;
  const ir::InputStage &in = *lp.input;
  // pre = lo * A + step * S, each product rounded, then the sum: the reference's order.
  auto pre = [&](int64_t j) { return in.lo * double(a[j]) + in.step() * double(sums[j]); };
  if (layer.output == ir::Layer::Output::Affine) {
    for (int64_t j = 0; j < count; ++j) {
      size_t n = size_t(n0 + j);
      to.scores[int64_t(n) * lp.positions + to.pos] =
          float(layer.scale[n] * pre(j) + layer.offset[n]);
    }
    return;
  }
  uint64_t *out = to.bits + n0 / 64;
  if constexpr (std::is_same_v<Sum, int32_t>) {
    if (!a_changed) { // the interval of S for the class's A (thresholds.h)
      size_t at = size_t(to.cls * lp.npad + n0);
      kernels.bits(sums, &w.lo[at], &w.hi[at], count, out);
      return;
    }
  }
  for (int64_t k = 0; k < (count + 63) / 64; ++k)
    out[k] = 0;
  for (int64_t j = 0; j < count; ++j)
    out[j / 64] |= uint64_t(layer.threshold[size_t(n0 + j)].eval(pre(j))) << (j % 64);
}

template void serialOutputs<int32_t>(const KernelSet &, const LayerPlan &, const LayerWeights &,
                                     const int32_t *, const int64_t *, bool, int64_t, int64_t,
                                     const RowTarget &);
template void serialOutputs<int64_t>(const KernelSet &, const LayerPlan &, const LayerWeights &,
                                     const int64_t *, const int64_t *, bool, int64_t, int64_t,
                                     const RowTarget &);

} // namespace bnnc::emulator::detail
