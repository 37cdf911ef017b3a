// A block of rows through gather, kernels, read-flip corrections and outputs (see block.h).
#include "block.h"

#include "corrections.h"
#include "epilogue.h"
#include "rows.h"
#include "wide.h"

#include <algorithm>
#include <type_traits>

namespace bnnc::emulator::detail {

namespace {

RowTarget targetOf(const LayerPass &pass, const RowCursor &at) {
  const LayerPlan &lp = *pass.lp;
  RowTarget t{at.pos, lp.classes.of[size_t(at.pos)], nullptr, nullptr};
  if (pass.conv)
    t.bits = pass.conv + at.s * pass.conv_stride + at.pos * pixelWords(lp.cout);
  if (pass.scores)
    t.scores = pass.scores + at.s * pass.score_stride;
  return t;
}

// The padding class of each of the block's rows, for the threshold kernel.
const int32_t *rowClasses(const LayerPlan &lp, int64_t m0, int64_t rows, Scratch &scratch) {
  scratch.cls.resize(size_t(rows));
  RowCursor at(m0, lp.positions);
  for (int64_t r = 0; r < rows; ++r, at.next())
    scratch.cls[size_t(r)] = lp.classes.of[size_t(at.pos)];
  return scratch.cls.data();
}

bool isThreshold(const LayerPlan &lp) { return lp.layer->output == ir::Layer::Output::Threshold; }

// Threshold rows whose A is the class's go through the kernel (32-bit sums); the others, and
// affine rows, one by one.
template <typename Sum>
void serialBlock(const LayerPass &pass, const Flip *fb, const Flip *fe, int64_t m0, int64_t rows,
                 const unsigned char *x, int64_t ldx, int64_t n0, int64_t nw, Sum *sums,
                 Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  int64_t count = std::min(nw, lp.cout - n0);
  scratch.a_flips.clear();
  correctSerial(pass, fb, fe, m0, x, ldx, sums, n0, nw, scratch.a_flips);
  bool kernel = isThreshold(lp) && std::is_same_v<Sum, int32_t>;
  if constexpr (std::is_same_v<Sum, int32_t>)
    if (kernel)
      thresholdRows(pass, sums, nw, m0, rows, n0, count, rowClasses(lp, m0, rows, scratch));
  if (kernel && scratch.a_flips.empty())
    return;
  size_t i = 0;
  RowCursor at(m0, lp.positions);
  for (int64_t r = 0; r < rows; ++r, at.next()) {
    bool changed = i < scratch.a_flips.size() && scratch.a_flips[i].row == m0 + r;
    if (kernel && !changed)
      continue;
    RowTarget to = targetOf(pass, at);
    const int64_t *a = rowA(pass, m0 + r, to.cls, n0, nw, scratch.a_flips, i, scratch);
    serialRow(lp, sums + r * nw, a, n0, count, to);
  }
}

void binaryBlock(const LayerPass &pass, const Flip *fb, const Flip *fe, int64_t m0, int64_t rows,
                 const unsigned char *x, int64_t ldx, int64_t n0, int64_t nw, Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  scratch.sums.resize(size_t(rows * nw));
  pass.kernels->binary(reinterpret_cast<const uint64_t *>(x), ldx / 8, rows,
                       &pass.w->bits[size_t(n0 * lp.kwords)], nw / kGroup, lp.kwords,
                       scratch.sums.data(), nw);
  correctBinary(pass, fb, fe, m0, x, ldx, scratch.sums.data(), n0, nw);
  int64_t count = std::min(nw, lp.cout - n0);
  if (isThreshold(lp)) {
    thresholdRows(pass, scratch.sums.data(), nw, m0, rows, n0, count,
                  rowClasses(lp, m0, rows, scratch));
    return;
  }
  RowCursor at(m0, lp.positions);
  for (int64_t r = 0; r < rows; ++r, at.next())
    binaryScores(lp, *pass.w, &scratch.sums[size_t(r * nw)], n0, count, targetOf(pass, at));
}

} // namespace

int64_t blockRows(const LayerPlan &lp) {
  int64_t sum_bytes = std::min(lp.npad, kNeuronBlock) * (lp.kind == LayerPlan::Kind::Wide ? 8 : 4);
  return std::clamp<int64_t>(32768 / (rowBytes(lp) + sum_bytes), 4, 512) / 4 * 4;
}

void runBlock(const LayerPass &pass, int64_t m0, int64_t rows, Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  const unsigned char *x;
  int64_t ldx; // bytes
  if (lp.gather.direct) {
    x = reinterpret_cast<const unsigned char *>(pass.src + m0 * pass.src_stride);
    ldx = 8 * pass.src_stride;
  } else {
    gatherRows(pass, m0, rows, scratch);
    x = reinterpret_cast<const unsigned char *>(scratch.rows.data());
    ldx = rowBytes(lp);
  }
  auto by_row = [](const Flip &f, int64_t m) { return f.row < m; };
  const Flip *fb = std::lower_bound(pass.flips, pass.flips_end, m0, by_row);
  const Flip *fe = std::lower_bound(fb, pass.flips_end, m0 + rows, by_row);
  for (int64_t n0 = 0; n0 < lp.npad; n0 += kNeuronBlock) {
    int64_t nw = std::min(kNeuronBlock, lp.npad - n0);
    const int8_t *signs =
        lp.kind == LayerPlan::Kind::Binary ? nullptr : &pass.w->signs[size_t(n0 * lp.kquads * 4)];
    if (lp.kind == LayerPlan::Kind::Binary) {
      binaryBlock(pass, fb, fe, m0, rows, x, ldx, n0, nw, scratch);
    } else if (lp.kind == LayerPlan::Kind::Serial) {
      scratch.sums.resize(size_t(rows * nw));
      pass.kernels->serial(x, ldx, rows, signs, nw / kGroup, lp.kquads, scratch.sums.data(), nw);
      serialBlock(pass, fb, fe, m0, rows, x, ldx, n0, nw, scratch.sums.data(), scratch);
    } else {
      scratch.wide.resize(size_t(rows * nw));
      wideDots(x, ldx, rows, signs, nw / kGroup, lp.kquads, scratch.wide.data(), nw);
      serialBlock(pass, fb, fe, m0, rows, x, ldx, n0, nw, scratch.wide.data(), scratch);
    }
  }
}

} // namespace bnnc::emulator::detail
