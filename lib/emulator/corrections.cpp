// Read-flip corrections (see corrections.h).
#include "corrections.h"

#include "bits.h"

#include <cstring>

namespace bnnc::emulator::detail {

namespace {

bool isValid(const LayerPlan &lp, int64_t row, int64_t slot) {
  return testBit(lp.classes.mask(lp.classes.of[size_t(row % lp.positions)]), slot);
}

// The flip's neuron relative to n0, or -1 outside [n0, n0 + nw); its weight plane in `plane`.
int64_t neuronIn(const LayerPlan &lp, const Flip &f, int64_t n0, int64_t nw, int64_t &plane) {
  int64_t n = f.neuron % lp.cout;
  plane = f.neuron / lp.cout;
  return n >= n0 && n < n0 + nw ? n - n0 : -1;
}

} // namespace

// A flipped read of a cell in the padding changes nothing (the cell is masked); elsewhere a
// match becomes a mismatch (+1 to the popcount) and a mismatch a match (-1).
void correctBinary(const LayerPass &pass, const Flip *f, const Flip *end, int64_t m0,
                   const unsigned char *x, int64_t ldx, int32_t *sums, int64_t plane_stride,
                   int64_t n0, int64_t nw) {
  for (; f != end; ++f) {
    int64_t plane, n = neuronIn(*pass.lp, *f, n0, nw, plane);
    if (n < 0 || !isValid(*pass.lp, f->row, f->slot))
      continue;
    auto *row = reinterpret_cast<const uint64_t *>(x + (f->row - m0) * ldx);
    bool match = testBit(row, f->slot) == (f->weight != 0);
    sums[plane * plane_stride + (f->row - m0) * nw + n] += match ? 1 : -1;
  }
}

// S_i = sum_b 2^b sum_j d_j q_{b,j} over plane b's reads of weight row i: a flip of cell j in
// plane b's read turns d_j into -d_j there, changing S_i by -2 d_j 2^b q_{b,j} (q is 0 in the
// padding). A comes from plane 0's reads: a flip there of a real input changes A_i by -2 d_j
// (collected in a_flips; rowA weighs it by 2^i).
template <typename Sum>
void correctSerial(const LayerPass &pass, const Flip *f, const Flip *end, int64_t m0,
                   const unsigned char *q, int64_t ldq, Sum *sums, int64_t plane_stride, int64_t n0,
                   int64_t nw, std::vector<Flip> &a_flips) {
  bool wide = pass.lp->kind == LayerPlan::Kind::Wide;
  for (; f != end; ++f) {
    int64_t plane, n = neuronIn(*pass.lp, *f, n0, nw, plane);
    if (n < 0)
      continue;
    const unsigned char *row = q + (f->row - m0) * ldq;
    uint32_t value = row[f->slot];
    if (wide)
      std::memcpy(&value, row + 4 * f->slot, 4);
    if ((value >> f->plane) & 1)
      sums[plane * plane_stride + (f->row - m0) * nw + n] -= Sum(2 * f->weight) << f->plane;
    if (f->plane == 0 && isValid(*pass.lp, f->row, f->slot))
      a_flips.push_back(*f);
  }
}

const int64_t *rowA(const LayerPass &pass, int64_t m, int64_t cls, int64_t n0, int64_t nw,
                    const std::vector<Flip> &a_flips, size_t &i, Scratch &scratch) {
  const LayerPlan &lp = *pass.lp;
  const int64_t *a = &pass.w->asum[size_t(cls * lp.npad + n0)];
  if (i == a_flips.size() || a_flips[i].row != m)
    return a;
  scratch.a.assign(a, a + nw);
  for (; i < a_flips.size() && a_flips[i].row == m; ++i) {
    int64_t plane, n = neuronIn(lp, a_flips[i], n0, nw, plane);
    scratch.a[size_t(n)] -= (2 * a_flips[i].weight) * (int64_t(1) << plane);
  }
  return scratch.a.data();
}

template void correctSerial<int32_t>(const LayerPass &, const Flip *, const Flip *, int64_t,
                                     const unsigned char *, int64_t, int32_t *, int64_t, int64_t,
                                     int64_t, std::vector<Flip> &);
template void correctSerial<int64_t>(const LayerPass &, const Flip *, const Flip *, int64_t,
                                     const unsigned char *, int64_t, int64_t *, int64_t, int64_t,
                                     int64_t, std::vector<Flip> &);

} // namespace bnnc::emulator::detail
