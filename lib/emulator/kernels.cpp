// Gather and popcount kernels (see kernels.h). The popcount is the compiler builtin. The build
// does not assume -mpopcnt, so without help it is a bit-twiddling sequence; on x86-64 Linux the
// popcount loops are compiled twice (target_clones), with and without the POPCNT instruction,
// and the loader picks the version the CPU supports (2-4x faster where it can). Each loop is a
// template instantiated for the ideal chip and for a virtual chip with read noise, so the ideal
// chip's loop carries no test for noise.
#include "kernels.h"

#include <algorithm>

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) // ifunc needs glibc ELF
#define BNNC_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define BNNC_POPCNT_CLONES
#endif
// The templates are inlined into each clone, so they are compiled with the clone's target.
#define BNNC_INLINE inline __attribute__((always_inline))

namespace bnnc::emulator::detail {

namespace {

inline int64_t pc(uint64_t v) { return __builtin_popcountll(v); }

inline void setBit(uint64_t *words, uint32_t bit, uint64_t value) {
  words[bit / 64] |= value << (bit % 64);
}

} // namespace

void gatherBits(const LayerPlan &p, int64_t pos, const uint64_t *act, uint64_t *x) {
  std::fill(x, x + p.stride, 0);
  const int32_t *src = &p.source[size_t(pos * p.fan_in)];
  for (int64_t k = 0; k < p.fan_in; ++k) {
    int32_t i = src[k];
    if (i >= 0)
      setBit(x, p.dest[size_t(k)], (act[i / 64] >> (i % 64)) & 1);
  }
}

void gatherPlanes(const LayerPlan &p, int64_t pos, const uint32_t *q, int bits, uint64_t *planes) {
  std::fill(planes, planes + bits * p.stride, 0);
  const int32_t *src = &p.source[size_t(pos * p.fan_in)];
  for (int64_t k = 0; k < p.fan_in; ++k) {
    if (src[k] < 0)
      continue;
    uint32_t v = q[src[k]];
    for (int b = 0; b < bits; ++b)
      setBit(planes + b * p.stride, p.dest[size_t(k)], (v >> b) & 1);
  }
}

namespace {

// Tile (rb, cb) adds the popcounts of its rows to neurons row0.. over fan-in block cb; the words
// of block cb in x and mask line up with the tile's cell words (plan.h). With Noisy, a row of a
// tile with read noise is read through readRow.
template <bool Noisy>
BNNC_INLINE void binaryPreT(const LayerPlan &p, int64_t pos, const uint64_t *x, int64_t *count,
                            double *pre, NoisyReads *reads) {
  std::fill(count, count + p.cout, 0);
  const uint64_t *mask = &p.mask[size_t(pos * p.stride)];
  for (size_t t = 0; t < p.tiles.size(); ++t) {
    const mapping::Tile &tile = *p.tiles[t];
    const TileNoise *noise = Noisy ? p.noise[t] : nullptr;
    int64_t off = int64_t(t % size_t(p.col_blocks)) * p.wpr;
    const uint64_t *xb = x + off, *mb = mask + off;
    for (int64_t r = 0; r < tile.rows; ++r) {
      const uint64_t *w = p.words[t] + r * p.wpr;
      if (Noisy && noise)
        w = readRow(*noise, w, r, p.wpr, *reads->rng, reads->scratch, *reads->tally,
                    reads->held_on);
      int64_t s = 0;
      for (int64_t j = 0; j < p.wpr; ++j)
        s += pc((xb[j] ^ w[j]) & mb[j]);
      count[tile.row0 + r] += s;
    }
  }
  // Over the Keff real inputs, matches give +1 and mismatches -1: dot = (Keff - p) - p.
  int64_t keff = p.keff[size_t(pos)];
  for (int64_t n = 0; n < p.cout; ++n)
    pre[n] = double(keff - 2 * count[n]);
}

// One read of a row serves every bit-plane: adds sum_b 2^b popcount(q_b AND w AND mask) to
// `tsum` and popcount(w AND mask) to `wsum`.
BNNC_INLINE void allPlanes(const uint64_t *planes, int bits, int64_t stride, const uint64_t *w,
                           const uint64_t *mask, int64_t wpr, int64_t &tsum, int64_t &wsum) {
  for (int64_t j = 0; j < wpr; ++j) {
    uint64_t wm = w[j] & mask[j];
    wsum += pc(wm);
    for (int b = 0; b < bits; ++b)
      tsum += pc(planes[b * stride + j] & wm) << b;
  }
}

// With read noise every plane's pass is a read of its own: plane b uses its read w_b, and
// popcount(w AND mask) (for A) comes from plane 0's read.
BNNC_INLINE void planeByPlane(const uint64_t *planes, int bits, int64_t stride,
                              const TileNoise &noise, const uint64_t *row, int64_t r,
                              const uint64_t *mask, int64_t wpr, NoisyReads &reads, int64_t &tsum,
                              int64_t &wsum) {
  for (int b = 0; b < bits; ++b) {
    const uint64_t *w =
        readRow(noise, row, r, wpr, *reads.rng, reads.scratch, *reads.tally, reads.held_on);
    for (int64_t j = 0; j < wpr; ++j) {
      uint64_t wm = w[j] & mask[j];
      wsum += b == 0 ? pc(wm) : 0;
      tsum += pc(planes[b * stride + j] & wm) << b;
    }
  }
}

// With x = lo + step * q and q = sum_b 2^b q_b over the bit-planes, a neuron's weighted sum over
// its active inputs is
//   sum_i w_i x_i = lo * A + step * S,  A = sum_i w_i,  S = sum_i w_i q_i.
// For w_i in {-1, +1} (bit 1 = +1): A = 2 * popcount(w AND mask) - Keff, and
//   S = sum_b 2^b * (popcount(q_b AND w AND mask) - popcount(q_b AND NOT w AND mask))
//     = sum_b 2^b * (2 * popcount(q_b AND w AND mask) - popcount(q_b AND mask))
//     = 2 * T - Q,  T = sum_b 2^b popcount(q_b AND w AND mask),
//                   Q = sum_b 2^b popcount(q_b AND mask)
// where Q (the sum of the active q) is the same for every neuron of the position.
template <bool Noisy>
BNNC_INLINE void bitSerialPreT(const LayerPlan &p, int64_t pos, const uint64_t *planes, int bits,
                               double lo, double step, int64_t *acc, double *pre,
                               NoisyReads *reads) {
  int64_t *t_acc = acc, *w_acc = acc + p.cout; // T and popcount(w AND mask) per neuron
  std::fill(acc, acc + 2 * p.cout, 0);
  const uint64_t *mask = &p.mask[size_t(pos * p.stride)];
  for (size_t t = 0; t < p.tiles.size(); ++t) {
    const mapping::Tile &tile = *p.tiles[t];
    const TileNoise *noise = Noisy ? p.noise[t] : nullptr;
    int64_t off = int64_t(t % size_t(p.col_blocks)) * p.wpr;
    for (int64_t r = 0; r < tile.rows; ++r) {
      const uint64_t *w = p.words[t] + r * p.wpr;
      int64_t tsum = 0, wsum = 0;
      if (Noisy && noise && rowIsRisky(*noise, r))
        planeByPlane(planes + off, bits, p.stride, *noise, w, r, mask + off, p.wpr, *reads, tsum,
                     wsum);
      else
        allPlanes(planes + off, bits, p.stride, w, mask + off, p.wpr, tsum, wsum);
      t_acc[tile.row0 + r] += tsum;
      w_acc[tile.row0 + r] += wsum;
    }
  }
  int64_t q_sum = 0;
  for (int b = 0; b < bits; ++b)
    for (int64_t j = 0; j < p.stride; ++j)
      q_sum += pc(planes[b * p.stride + j] & mask[j]) << b;
  int64_t keff = p.keff[size_t(pos)];
  for (int64_t n = 0; n < p.cout; ++n) {
    int64_t a = 2 * w_acc[n] - keff, s = 2 * t_acc[n] - q_sum;
    pre[n] = lo * double(a) + step * double(s);
  }
}

} // namespace

BNNC_POPCNT_CLONES void binaryPre(const LayerPlan &p, int64_t pos, const uint64_t *x,
                                  int64_t *count, double *pre) {
  binaryPreT<false>(p, pos, x, count, pre, nullptr);
}

BNNC_POPCNT_CLONES void binaryPreNoisy(const LayerPlan &p, int64_t pos, const uint64_t *x,
                                       int64_t *count, double *pre, NoisyReads &reads) {
  binaryPreT<true>(p, pos, x, count, pre, &reads);
}

BNNC_POPCNT_CLONES void bitSerialPre(const LayerPlan &p, int64_t pos, const uint64_t *planes,
                                     int bits, double lo, double step, int64_t *acc, double *pre) {
  bitSerialPreT<false>(p, pos, planes, bits, lo, step, acc, pre, nullptr);
}

BNNC_POPCNT_CLONES void bitSerialPreNoisy(const LayerPlan &p, int64_t pos, const uint64_t *planes,
                                          int bits, double lo, double step, int64_t *acc,
                                          double *pre, NoisyReads &reads) {
  bitSerialPreT<true>(p, pos, planes, bits, lo, step, acc, pre, &reads);
}

} // namespace bnnc::emulator::detail
