// A block of rows through gather, kernels, read-flip corrections, the planes' combination and
// outputs (see block.h).
#include "block.h"

#include "combine.h"
#include "corrections.h"
#include "epilogue.h"
#include "rows.h"
#include "wide.h"

#include <algorithm>
#include <type_traits>

namespace bnnc::emulator::detail {

namespace {

// What every neuron block of a block shares: its rows, flips, classes and input sums.
struct BlockRows {
  int64_t m0 = 0, rows = 0;
  const unsigned char *x = nullptr;
  int64_t ldx = 0; // bytes
  const Flip *fb = nullptr, *fe = nullptr;
  const int32_t *cls = nullptr;  // the padding class of each row
  const int64_t *sums = nullptr; // layers with offsets: each row's input sum
};

RowTarget targetOf(const LayerPass &pass, const RowCursor &at) {
  const LayerPlan &lp = *pass.lp;
  RowTarget t{at.pos, lp.classes.of[size_t(at.pos)], nullptr, nullptr};
  if (pass.conv)
    t.bits = pass.conv + at.s * pass.conv_stride + at.pos * lp.pixel_words;
  if (pass.scores)
    t.scores = pass.scores + at.s * pass.score_stride;
  return t;
}

// The padding class of each of the block's rows.
const int32_t *rowClasses(const LayerPlan &lp, int64_t m0, int64_t rows, Scratch &scratch) {
  scratch.cls.resize(size_t(rows));
  RowCursor at(m0, lp.positions);
  for (int64_t r = 0; r < rows; ++r, at.next())
    scratch.cls[size_t(r)] = lp.classes.of[size_t(at.pos)];
  return scratch.cls.data();
}

bool isThreshold(const LayerPlan &lp) { return lp.layer->output == ir::Layer::Output::Threshold; }

template <typename Sum> std::vector<Sum> &totals(Scratch &scratch) {
  if constexpr (std::is_same_v<Sum, int32_t>)
    return scratch.total;
  else
    return scratch.wide_total;
}

// S over the planes: the kernel's own sums when there is nothing to combine.
template <typename Sum>
const Sum *serialTotals(const LayerPlan &lp, const BlockRows &b, const Sum *sums, int64_t n0,
                        int64_t nw, Scratch &scratch) {
  if (lp.wplanes == 1 && !lp.offsets)
    return sums;
  std::vector<Sum> &out = totals<Sum>(scratch);
  out.resize(size_t(b.rows * nw));
  combineSerial(lp, sums, b.rows * nw, nw, b.rows, b.sums, n0, std::min(nw, lp.cout - n0),
                out.data());
  return out.data();
}

// Threshold rows whose A is the class's go through the interval outputs (32-bit sums); the
// others, and affine rows, one by one.
template <typename Sum>
void serialBlock(const LayerPass &pass, const BlockRows &b, int64_t n0, int64_t nw, Sum *sums,
                 Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  int64_t count = std::min(nw, lp.cout - n0);
  scratch.a_flips.clear();
  correctSerial(pass, b.fb, b.fe, b.m0, b.x, b.ldx, sums, b.rows * nw, n0, nw, scratch.a_flips);
  const Sum *total = serialTotals(lp, b, sums, n0, nw, scratch);
  bool kernel = isThreshold(lp) && std::is_same_v<Sum, int32_t>;
  if constexpr (std::is_same_v<Sum, int32_t>)
    if (kernel)
      intervalOutputs(pass, total, nw, b.m0, b.rows, n0, count, b.cls);
  if (kernel && scratch.a_flips.empty())
    return;
  size_t i = 0;
  RowCursor at(b.m0, lp.positions);
  for (int64_t r = 0; r < b.rows; ++r, at.next()) {
    bool changed = i < scratch.a_flips.size() && scratch.a_flips[i].row == b.m0 + r;
    if (kernel && !changed)
      continue;
    RowTarget to = targetOf(pass, at);
    const int64_t *a = rowA(pass, b.m0 + r, to.cls, n0, nw, scratch.a_flips, i, scratch);
    serialRow(lp, total + r * nw, a, n0, count, to);
  }
}

void binaryBlock(const LayerPass &pass, const BlockRows &b, int64_t n0, int64_t nw,
                 Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  int64_t stride = b.rows * nw, count = std::min(nw, lp.cout - n0);
  scratch.sums.resize(size_t(lp.wplanes * stride));
  for (int64_t i = 0; i < lp.wplanes; ++i)
    pass.kernels->binary(reinterpret_cast<const uint64_t *>(b.x), b.ldx / 8, b.rows,
                         &pass.w->bits[size_t(i * lp.planeWords() + n0 * lp.kwords)], nw / kGroup,
                         lp.kwords, &scratch.sums[size_t(i * stride)], nw);
  correctBinary(pass, b.fb, b.fe, b.m0, b.x, b.ldx, scratch.sums.data(), stride, n0, nw);
  if (lp.plain) {
    intervalOutputs(pass, scratch.sums.data(), nw, b.m0, b.rows, n0, count, b.cls);
    return;
  }
  scratch.total.resize(size_t(stride));
  combineBinary(lp, *pass.w, scratch.sums.data(), stride, nw, b.rows, b.cls, b.sums, n0, count,
                scratch.total.data());
  if (isThreshold(lp)) {
    intervalOutputs(pass, scratch.total.data(), nw, b.m0, b.rows, n0, count, b.cls);
    return;
  }
  RowCursor at(b.m0, lp.positions);
  for (int64_t r = 0; r < b.rows; ++r, at.next())
    binaryScores(lp, &scratch.total[size_t(r * nw)], n0, count, targetOf(pass, at));
}

void serialDots(const LayerPass &pass, const BlockRows &b, int64_t n0, int64_t nw,
                Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  int64_t stride = b.rows * nw;
  for (int64_t i = 0; i < lp.wplanes; ++i) {
    const int8_t *signs = &pass.w->signs[size_t(i * lp.planeSigns() + n0 * lp.kquads * 4)];
    if (lp.kind == LayerPlan::Kind::Serial)
      pass.kernels->serial(b.x, b.ldx, b.rows, signs, nw / kGroup, lp.kquads,
                           &scratch.sums[size_t(i * stride)], nw);
    else
      wideDots(b.x, b.ldx, b.rows, signs, nw / kGroup, lp.kquads, &scratch.wide[size_t(i * stride)],
               nw);
  }
}

} // namespace

int64_t blockRows(const LayerPlan &lp) {
  int64_t buffers = lp.wplanes + (lp.plain || (lp.wplanes == 1 && !lp.offsets) ? 0 : 1);
  int64_t sum_bytes =
      std::min(lp.npad, kNeuronBlock) * (lp.kind == LayerPlan::Kind::Wide ? 8 : 4) * buffers;
  return std::clamp<int64_t>(32768 / (rowBytes(lp) + sum_bytes), 4, 512) / 4 * 4;
}

void runBlock(const LayerPass &pass, int64_t m0, int64_t rows, Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  BlockRows b;
  b.m0 = m0, b.rows = rows;
  if (lp.gather.direct) {
    b.x = reinterpret_cast<const unsigned char *>(pass.src + m0 * pass.src_stride);
    b.ldx = 8 * pass.src_stride;
  } else {
    gatherRows(pass, m0, rows, scratch);
    b.x = reinterpret_cast<const unsigned char *>(scratch.rows.data());
    b.ldx = rowBytes(lp);
  }
  auto by_row = [](const Flip &f, int64_t m) { return f.row < m; };
  b.fb = std::lower_bound(pass.flips, pass.flips_end, m0, by_row);
  b.fe = std::lower_bound(b.fb, pass.flips_end, m0 + rows, by_row);
  b.cls = rowClasses(lp, m0, rows, scratch);
  if (lp.offsets) {
    inputSums(lp, b.x, b.ldx, rows, scratch.input_sums);
    b.sums = scratch.input_sums.data();
  }
  for (int64_t n0 = 0; n0 < lp.npad; n0 += kNeuronBlock) {
    int64_t nw = std::min(kNeuronBlock, lp.npad - n0);
    if (lp.kind == LayerPlan::Kind::Binary) {
      binaryBlock(pass, b, n0, nw, scratch);
    } else if (lp.kind == LayerPlan::Kind::Serial) {
      scratch.sums.resize(size_t(lp.wplanes * rows * nw));
      serialDots(pass, b, n0, nw, scratch);
      serialBlock(pass, b, n0, nw, scratch.sums.data(), scratch);
    } else {
      scratch.wide.resize(size_t(lp.wplanes * rows * nw));
      serialDots(pass, b, n0, nw, scratch);
      serialBlock(pass, b, n0, nw, scratch.wide.data(), scratch);
    }
  }
}

} // namespace bnnc::emulator::detail
