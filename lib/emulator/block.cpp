// A block of rows through gather, kernels, read-flip corrections and outputs (see block.h).
#include "block.h"

#include "bits.h"
#include "epilogue.h"
#include "wide.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

namespace bnnc::emulator::detail {

namespace {

bool isBinary(const LayerPlan &lp) { return lp.kind == LayerPlan::Kind::Binary; }

// Bytes of one value of a bit-serial row: a byte q, or a 32-bit q on the wide path.
int64_t unitBytes(const LayerPlan &lp) { return lp.kind == LayerPlan::Kind::Wide ? 4 : 1; }

int64_t rowBytes(const LayerPlan &lp) {
  return isBinary(lp) ? 8 * lp.kwords : lp.row_units * unitBytes(lp);
}

// Row r of a block starting at row m0: sample s, position pos, counted up without division.
struct RowCursor {
  int64_t s, pos, positions;
  RowCursor(int64_t m0, int64_t positions_)
      : s(m0 / positions_), pos(m0 % positions_), positions(positions_) {}
  void next() {
    if (++pos == positions)
      pos = 0, ++s;
  }
};

// A run of len <= 8 bytes as the low bytes of a word (on a little-endian machine): one 8-byte
// load when 8 bytes are readable at `from`, else byte by byte.
uint64_t loadRun(const unsigned char *from, int64_t len, int64_t readable) {
  uint64_t v = 0;
  if (readable >= 8) {
    std::memcpy(&v, from, 8);
    return len == 8 ? v : v & ((uint64_t(1) << (8 * len)) - 1);
  }
  for (int64_t i = 0; i < len; ++i)
    v |= uint64_t(from[i]) << (8 * i);
  return v;
}

// A row of at most 16 bytes (a small first convolution, e.g. 3 x 3 taps of one channel) is
// assembled in a 128-bit register and stored once: ORing short runs into memory one after the
// other would stall on store forwarding. Returns false for other rows.
bool smallRow(const Run *run, const Run *end, const unsigned char *src, int64_t readable,
              int64_t bytes, unsigned char *out) {
  if (std::endian::native != std::endian::little || bytes > 16)
    return false;
  unsigned __int128 row = 0; // stored whole: the rows buffer has 16 bytes of slack
  for (; run != end; ++run)
    for (int64_t off = 0; off < run->len; off += 8) // pieces of up to 8 bytes
      row |= (unsigned __int128)loadRun(src + run->src + off, std::min<int64_t>(8, run->len - off),
                                        readable - run->src - off)
             << (8 * (run->dst + off));
  std::memcpy(out, &row, 16); // bytes past the row are 0: the next row's start stays 0
  return true;
}

// Assembles the block's rows from the runs of their positions; units without a run (padding,
// gaps) stay 0.
void gatherRows(const LayerPass &pass, int64_t m0, int64_t rows, Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  int64_t bytes = rowBytes(lp), unit = unitBytes(lp), sample = 8 * pass.src_stride;
  scratch.rows.assign(size_t((rows * bytes + 7) / 8 + 2), 0); // + 2: smallRow's slack
  auto *out = reinterpret_cast<unsigned char *>(scratch.rows.data());
  RowCursor at(m0, lp.positions);
  for (int64_t r = 0; r < rows; ++r, at.next()) {
    const uint64_t *src = pass.src + at.s * pass.src_stride;
    const auto *bytes_in = reinterpret_cast<const unsigned char *>(src);
    const Run *run = lp.gather.runs.data() + lp.gather.begin[size_t(at.pos)];
    const Run *end = lp.gather.runs.data() + lp.gather.begin[size_t(at.pos) + 1];
    if (lp.kind == LayerPlan::Kind::Serial &&
        smallRow(run, end, bytes_in, sample, bytes, out + r * bytes))
      continue;
    for (; run != end; ++run)
      if (isBinary(lp))
        copyBits(src, run->src, scratch.rows.data() + r * lp.kwords, run->dst, run->len);
      else
        std::memcpy(out + r * bytes + run->dst * unit, bytes_in + run->src * unit,
                    size_t(run->len * unit));
  }
}

bool isValid(const LayerPlan &lp, int64_t row, int64_t slot) {
  return testBit(lp.classes.mask(lp.classes.of[size_t(row % lp.positions)]), slot);
}

// A flipped read of a cell in the padding changes nothing (the cell is masked); elsewhere a
// match becomes a mismatch (+1 to the popcount) and a mismatch a match (-1).
void correctBinary(const LayerPass &pass, const Flip *f, const Flip *end, int64_t m0,
                   const unsigned char *x, int64_t ldx, int32_t *sums, int64_t n0, int64_t nw) {
  for (; f != end; ++f) {
    if (f->neuron < n0 || f->neuron >= n0 + nw || !isValid(*pass.lp, f->row, f->slot))
      continue;
    auto *row = reinterpret_cast<const uint64_t *>(x + (f->row - m0) * ldx);
    bool match = testBit(row, f->slot) == (f->weight != 0);
    sums[(f->row - m0) * nw + f->neuron - n0] += match ? 1 : -1;
  }
}

// S = sum_b 2^b sum_i s_i q_{b,i} over plane b's reads: a flip of cell i in plane b's read turns
// s_i into -s_i there, changing S by -2 s_i 2^b q_{b,i} (q is 0 in the padding). A comes from
// plane 0's read: a flip there of a real input changes it by -2 s_i (collected in a_flips).
template <typename Sum>
void correctSerial(const LayerPass &pass, const Flip *f, const Flip *end, int64_t m0,
                   const unsigned char *q, int64_t ldq, Sum *sums, int64_t n0, int64_t nw,
                   std::vector<Flip> &a_flips) {
  bool wide = pass.lp->kind == LayerPlan::Kind::Wide;
  for (; f != end; ++f) {
    if (f->neuron < n0 || f->neuron >= n0 + nw)
      continue;
    const unsigned char *row = q + (f->row - m0) * ldq;
    uint32_t value = row[f->slot];
    if (wide)
      std::memcpy(&value, row + 4 * f->slot, 4);
    if ((value >> f->plane) & 1)
      sums[(f->row - m0) * nw + f->neuron - n0] -= Sum(2 * f->weight) << f->plane;
    if (f->plane == 0 && isValid(*pass.lp, f->row, f->slot))
      a_flips.push_back(*f);
  }
}

RowTarget targetOf(const LayerPass &pass, const RowCursor &at) {
  const LayerPlan &lp = *pass.lp;
  RowTarget t{at.pos, lp.classes.of[size_t(at.pos)], nullptr, nullptr};
  if (pass.conv)
    t.bits = pass.conv + at.s * pass.conv_stride + at.pos * pixelWords(lp.cout);
  if (pass.scores)
    t.scores = pass.scores + at.s * pass.score_stride;
  return t;
}

// A of row m's neurons [n0, n0 + nw): the class's, or with the changes of the plane-0 flips
// a_flips[i..] (sorted by row) that belong to row m.
const int64_t *rowA(const LayerPass &pass, int64_t m, int64_t cls, int64_t n0, int64_t nw,
                    const std::vector<Flip> &a_flips, size_t &i, Scratch &scratch) {
  const int64_t *a = &pass.w->asum[size_t(cls * pass.lp->npad + n0)];
  if (i == a_flips.size() || a_flips[i].row != m)
    return a;
  scratch.a.assign(a, a + nw);
  for (; i < a_flips.size() && a_flips[i].row == m; ++i)
    scratch.a[size_t(a_flips[i].neuron - n0)] -= 2 * a_flips[i].weight;
  return scratch.a.data();
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
