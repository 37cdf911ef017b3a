// packWeights: a layer's cells, read tile by tile into one row per neuron in slot order, then
// packed neuron-lane major for the kernels (see plan.h and kernels.h).
#include "bits.h"
#include "plan.h"

namespace bnnc::emulator::detail {

namespace {

// Row n (vwords words) holds neuron n's weights at the slots of its fan-in elements: tile (rb,
// cb) row r is neuron rb * R + r, and its columns go to slots by the layer's column runs.
std::vector<uint64_t> neuronRows(const Plan &plan, const LayerPlan &lp, const TileWords &words) {
  const mapping::Mapping &m = plan.image->mapping;
  int64_t wpr = m.wordsPerRow(), vwords = lp.classes.words;
  int64_t col_blocks = int64_t(lp.col_begin.size()) - 1;
  std::vector<uint64_t> rows(size_t(lp.cout * vwords), 0);
  for (size_t t = 0; t < lp.tiles.size(); ++t) {
    const mapping::Tile &tile = m.tiles[size_t(lp.tiles[t])];
    const uint64_t *cells = words[size_t(lp.tiles[t])];
    int64_t cb = int64_t(t) % col_blocks;
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t i = lp.col_begin[size_t(cb)]; i < lp.col_begin[size_t(cb) + 1]; ++i) {
        const Run &run = lp.col_runs[size_t(i)];
        copyBits(cells + r * wpr, run.src, &rows[size_t((tile.row0 + r) * vwords)], run.dst,
                 run.len);
      }
  }
  return rows;
}

int64_t popcountAnd(const uint64_t *a, const uint64_t *b, int64_t words, bool invert_b) {
  int64_t n = 0;
  for (int64_t i = 0; i < words; ++i)
    n += __builtin_popcountll(a[i] & (invert_b ? ~b[i] : b[i]));
  return n;
}

void packBinary(const LayerPlan &lp, const std::vector<uint64_t> &rows, LayerWeights &w) {
  int64_t kw = lp.kwords, classes = lp.classes.count;
  w.bits.assign(size_t(lp.groups * kw * kGroup), 0);
  for (int64_t n = 0; n < lp.cout; ++n)
    for (int64_t k = 0; k < kw; ++k)
      w.bits[size_t(((n / kGroup) * kw + k) * kGroup + n % kGroup)] = rows[size_t(n * kw + k)];
  // The raw popcount of row x is r = p + corr: x is 0 in the padding, so there x XOR w = w.
  w.corr.assign(size_t(classes * lp.npad), 0);
  for (int64_t c = 0; c < classes; ++c)
    for (int64_t n = 0; n < lp.cout; ++n)
      w.corr[size_t(c * lp.npad + n)] =
          int32_t(popcountAnd(&rows[size_t(n * kw)], lp.classes.mask(c), kw, true));
  if (lp.intervals.empty())
    return;
  w.lo.assign(size_t(classes * lp.npad), 1); // padding neurons: an empty interval
  w.hi.assign(size_t(classes * lp.npad), 0);
  for (int64_t c = 0; c < classes; ++c)
    for (int64_t n = 0; n < lp.cout; ++n) {
      const Interval &iv = lp.intervals[size_t(c * lp.cout + n)];
      size_t i = size_t(c * lp.npad + n);
      w.lo[i] = iv.lo + w.corr[i];
      w.hi[i] = iv.hi + w.corr[i];
    }
}

// Signs +1 / -1 at the slots of fan-in elements, 0 at the other units of the row.
void packSigns(const LayerPlan &lp, const std::vector<uint64_t> &rows, LayerWeights &w) {
  int64_t vw = lp.classes.words;
  w.signs.assign(size_t(lp.groups * lp.kquads * kGroup * 4), 0);
  for (int64_t n = 0; n < lp.cout; ++n)
    for (int64_t s : lp.slot) {
      size_t at = size_t((((n / kGroup) * lp.kquads + s / 4) * kGroup + n % kGroup) * 4 + s % 4);
      w.signs[at] = testBit(&rows[size_t(n * vw)], s) ? 1 : -1;
    }
}

void packSerial(const Plan &plan, const LayerPlan &lp, const std::vector<uint64_t> &rows,
                LayerWeights &w) {
  packSigns(lp, rows, w);
  int64_t vw = lp.classes.words, classes = lp.classes.count;
  // A = sum of the real inputs' weights = 2 popcount(w AND valid) - Keff.
  w.asum.assign(size_t(classes * lp.npad), 0);
  for (int64_t c = 0; c < classes; ++c)
    for (int64_t n = 0; n < lp.cout; ++n)
      w.asum[size_t(c * lp.npad + n)] =
          2 * popcountAnd(&rows[size_t(n * vw)], lp.classes.mask(c), vw, false) -
          lp.classes.keff[size_t(c)];
  const ir::Layer &layer = *lp.layer;
  if (layer.output != ir::Layer::Output::Threshold || lp.kind != LayerPlan::Kind::Serial)
    return;
  // |S| <= qmax * Keff, qmax = 2^bits - 1.
  const ir::InputStage &in = plan.image->program.input;
  int64_t qmax = (int64_t(1) << in.bits) - 1;
  w.lo.assign(size_t(classes * lp.npad), 1); // padding neurons: an empty interval
  w.hi.assign(size_t(classes * lp.npad), 0);
  for (int64_t c = 0; c < classes; ++c)
    for (int64_t n = 0; n < lp.cout; ++n) {
      size_t i = size_t(c * lp.npad + n);
      Interval iv = sumInterval(layer.threshold[size_t(n)], in.lo * double(w.asum[i]), in.step(),
                                qmax * lp.classes.keff[size_t(c)]);
      w.lo[i] = iv.lo, w.hi[i] = iv.hi;
    }
}

} // namespace

LayerWeights packWeights(const Plan &plan, const LayerPlan &lp, const TileWords &words) {
  std::vector<uint64_t> rows = neuronRows(plan, lp, words);
  LayerWeights w;
  if (lp.kind == LayerPlan::Kind::Binary)
    packBinary(lp, rows, w);
  else
    packSerial(plan, lp, rows, w);
  return w;
}

} // namespace bnnc::emulator::detail
