// packWeights: a layer's cells, read tile by tile into one row per weight row (neuron and weight
// plane) in slot order, then packed neuron-lane major for the kernels plane after plane, with the
// per-class values that the planes' combination and the outputs need (see plan.h and kernels.h).
#include "bits.h"
#include "plan.h"

namespace bnnc::emulator::detail {

namespace {

// Row n (vwords words) holds weight row n's digits at the slots of its fan-in elements: tile
// (rb, cb) row r is weight row rb * R + r (plane n / cout of neuron n % cout), and its columns go
// to slots by the layer's column runs.
std::vector<uint64_t> weightRows(const Plan &plan, const LayerPlan &lp, const TileWords &words) {
  const mapping::Mapping &m = plan.image->mapping;
  int64_t wpr = m.wordsPerRow(), vwords = lp.classes.words;
  int64_t col_blocks = int64_t(lp.col_begin.size()) - 1;
  std::vector<uint64_t> rows(size_t(lp.wplanes * lp.cout * vwords), 0);
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

// sum_i 2^i f(row of plane i of neuron n), over the layer's weight planes.
template <typename F> int64_t overPlanes(const LayerPlan &lp, int64_t n, F f) {
  int64_t sum = 0;
  for (int64_t i = 0; i < lp.wplanes; ++i)
    sum += f(i * lp.cout + n) * (int64_t(1) << i);
  return sum;
}

// The comparator j of channel n: its threshold, or level j of a multi-bit output.
const ir::Compare &comparator(const ir::Layer &layer, int64_t n, int64_t j) {
  return layer.output_bits == 1 ? layer.threshold[size_t(n)]
                                : layer.levels[size_t(n * layer.levelCount() + j)];
}

// The intervals [classes][levels][npad] of a threshold layer: interval(class, n, compare).
template <typename F> void intervals(const LayerPlan &lp, LayerWeights &w, F interval) {
  size_t size = size_t(lp.classes.count * lp.levels * lp.npad);
  w.lo.assign(size, 1); // padding neurons: an empty interval
  w.hi.assign(size, 0);
  for (int64_t c = 0; c < lp.classes.count; ++c)
    for (int64_t j = 0; j < lp.levels; ++j)
      for (int64_t n = 0; n < lp.cout; ++n) {
        Interval iv = interval(c, n, comparator(*lp.layer, n, j));
        size_t at = size_t((c * lp.levels + j) * lp.npad + n);
        w.lo[at] = iv.lo, w.hi[at] = iv.hi;
      }
}

void packBits(const LayerPlan &lp, const std::vector<uint64_t> &rows, LayerWeights &w) {
  int64_t kw = lp.kwords;
  w.bits.assign(size_t(lp.wplanes * lp.planeWords()), 0);
  for (int64_t i = 0; i < lp.wplanes; ++i)
    for (int64_t n = 0; n < lp.cout; ++n)
      for (int64_t k = 0; k < kw; ++k)
        w.bits[size_t(i * lp.planeWords() + ((n / kGroup) * kw + k) * kGroup + n % kGroup)] =
            rows[size_t((i * lp.cout + n) * kw + k)];
}

// The raw popcount of row x and weight row w is r = p + corr: x is 0 in the padding, so there
// x XOR w = w (corr = popcount(w AND NOT valid)). A plain layer compares r against the count
// interval shifted by corr. Otherwise, with planes i and offset e (ir/program.h):
//   P = sum_i 2^i (Keff - 2 (r_i - corr_i)) + e (2 ones - Keff)
//     = base - 2 sum_i 2^i r_i + 2 e ones,  base = (2^k - 1) Keff + 2 sum_i 2^i corr_i - e Keff,
// an integer in [-span Keff, span Keff] (span = 2^k - 1 + |e|) compared as pre = P.
void packBinary(const LayerPlan &lp, const std::vector<uint64_t> &rows, LayerWeights &w) {
  packBits(lp, rows, w);
  int64_t kw = lp.kwords, classes = lp.classes.count;
  auto corr = [&](int64_t c, int64_t row) {
    return popcountAnd(&rows[size_t(row * kw)], lp.classes.mask(c), kw, true);
  };
  const ir::Layer &layer = *lp.layer;
  bool threshold = layer.output == ir::Layer::Output::Threshold;
  if (lp.plain) {
    intervals(lp, w, [&](int64_t c, int64_t n, const ir::Compare &) {
      Interval iv = lp.intervals[size_t(c * lp.cout + n)];
      int32_t shift = int32_t(corr(c, n));
      return Interval{iv.lo + shift, iv.hi + shift};
    });
    return;
  }
  int64_t full = (int64_t(1) << lp.wplanes) - 1;
  w.base.assign(size_t(classes * lp.npad), 0);
  for (int64_t c = 0; c < classes; ++c)
    for (int64_t n = 0; n < lp.cout; ++n) {
      int64_t keff = lp.classes.keff[size_t(c)], e = layer.offsetOf(n);
      w.base[size_t(c * lp.npad + n)] =
          full * keff + 2 * overPlanes(lp, n, [&](int64_t row) { return corr(c, row); }) - e * keff;
    }
  if (threshold)
    intervals(lp, w, [&](int64_t c, int64_t n, const ir::Compare &cmp) {
      int64_t e = layer.offsetOf(n), m = (full + (e < 0 ? -e : e)) * lp.classes.keff[size_t(c)];
      return passingInterval(-m, m, [&](int64_t p) { return cmp.eval(double(p)); });
    });
}

// Signs +1 / -1 at the slots of fan-in elements, 0 at the other units of the row.
void packSigns(const LayerPlan &lp, const std::vector<uint64_t> &rows, LayerWeights &w) {
  int64_t vw = lp.classes.words;
  w.signs.assign(size_t(lp.wplanes * lp.planeSigns()), 0);
  for (int64_t i = 0; i < lp.wplanes; ++i)
    for (int64_t n = 0; n < lp.cout; ++n)
      for (int64_t s : lp.slot) {
        size_t at = size_t(i * lp.planeSigns() +
                           (((n / kGroup) * lp.kquads + s / 4) * kGroup + n % kGroup) * 4 + s % 4);
        w.signs[at] = testBit(&rows[size_t((i * lp.cout + n) * vw)], s) ? 1 : -1;
      }
}

// A = sum of the real inputs' weights = sum_i 2^i (2 popcount(w_i AND valid) - Keff) + e Keff;
// |S| <= qmax * span * Keff.
void packSerial(const LayerPlan &lp, const std::vector<uint64_t> &rows, LayerWeights &w) {
  packSigns(lp, rows, w);
  int64_t vw = lp.classes.words, classes = lp.classes.count;
  const ir::Layer &layer = *lp.layer;
  w.asum.assign(size_t(classes * lp.npad), 0);
  for (int64_t c = 0; c < classes; ++c)
    for (int64_t n = 0; n < lp.cout; ++n) {
      int64_t keff = lp.classes.keff[size_t(c)];
      w.asum[size_t(c * lp.npad + n)] =
          overPlanes(lp, n,
                     [&](int64_t row) {
                       return 2 * popcountAnd(&rows[size_t(row * vw)], lp.classes.mask(c), vw,
                                              false) -
                              keff;
                     }) +
          layer.offsetOf(n) * keff;
    }
  if (layer.output != ir::Layer::Output::Threshold || lp.kind != LayerPlan::Kind::Serial)
    return;
  int64_t qmax = (int64_t(1) << lp.serial.bits) - 1, full = (int64_t(1) << lp.wplanes) - 1;
  intervals(lp, w, [&](int64_t c, int64_t n, const ir::Compare &cmp) {
    int64_t e = layer.offsetOf(n), span = full + (e < 0 ? -e : e);
    double lo_a = lp.serial.lo * double(w.asum[size_t(c * lp.npad + n)]);
    return sumInterval(cmp, lo_a, lp.serial.step, qmax * span * lp.classes.keff[size_t(c)]);
  });
}

} // namespace

LayerWeights packWeights(const Plan &plan, const LayerPlan &lp, const TileWords &words) {
  std::vector<uint64_t> rows = weightRows(plan, lp, words);
  LayerWeights w;
  if (lp.kind == LayerPlan::Kind::Binary)
    packBinary(lp, rows, w);
  else
    packSerial(lp, rows, w);
  return w;
}

} // namespace bnnc::emulator::detail
