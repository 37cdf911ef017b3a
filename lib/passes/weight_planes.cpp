// Multi-bit weights as 2T2R digit planes (docs/architecture.md, "Multi-bit weights").
//
// A QONNX Quant of k bits on a weight folds, at import, into real values sigma * n with n in a
// window of at most 2^k consecutive integers per output channel. Each such channel c is written
// with k planes of +-1 digits d_i, the only thing a 2T2R cell holds:
//   n = kmin_c + m,  m = sum_i 2^i b_i in [0, 2^k)   (b_i the bits of m)
//   D = sum_i 2^i d_i = sum_i 2^i (2 b_i - 1) = 2m - (2^k - 1)
//   2n = D + e_c  with  e_c = 2 kmin_c + 2^k - 1
// so the real weight is (s_c / 2) * (D + e_c): the layer's integer weight w = D + e_c
// (program.h) and the channel's scale sigma_c = s_c / 2. Plane i is read by its own array pass;
// the periphery adds the planes' XNOR-popcounts shifted by i and the offset e_c times the
// input's sum. A hand-computed case is in tests/unit/passes/weight_planes_test.cpp.
#include "bnnc/support/format.h"
#include "lowering.h"

#include <algorithm>
#include <cmath>

namespace bnnc::passes {

namespace {

// At most 8 planes: beyond that a layer is a float layer, not a quantized one.
constexpr int kMaxWeightBits = 8;

struct Grid {
  double step = 1;
  int64_t kmin = 0, kmax = 0;
  double deviation = 0; // the largest |v - n step| / max|v|
};

// Float32 rounding of n * s moves a value by at most 2^-24 |v| (6e-8): a value further than four
// times that from its grid point, relative to the channel's largest |v|, is not on the grid. A
// looser bound would let a few arbitrary values fit some fine grid by chance (with 256 steps to
// choose from, 0.618034 and 1 sit on a grid of 377 and 610 steps to 1e-6).
constexpr double kGridTolerance = 2.5e-7;

// The integers n with value ~ step * n, if every value is one and they span at most
// 2^kMaxWeightBits consecutive integers. The step is refined by least squares over the values
// (sum n v / sum n^2), so that a scale like max|w| / 127, whose multiples float32 rounds, is
// found to the precision of the values.
std::optional<Grid> onGrid(const std::vector<double> &values, double step) {
  if (!(step > 0))
    return std::nullopt;
  double nv = 0, nn = 0, vmax = 0;
  for (double v : values) {
    double n = std::nearbyint(v / step);
    nv += n * v, nn += n * n, vmax = std::max(vmax, std::fabs(v));
  }
  if (!(nn > 0))
    return std::nullopt;
  Grid g{nv / nn, INT64_MAX, INT64_MIN, 0};
  for (double v : values) {
    double n = std::nearbyint(v / g.step);
    g.deviation = std::max(g.deviation, std::fabs(v - n * g.step) / vmax);
    if (g.deviation > kGridTolerance)
      return std::nullopt;
    g.kmin = std::min(g.kmin, int64_t(n));
    g.kmax = std::max(g.kmax, int64_t(n));
  }
  if (g.kmax - g.kmin >= (int64_t(1) << kMaxWeightBits))
    return std::nullopt;
  return g;
}

// A channel's grid: the largest step that holds every value. Any such step divides the smallest
// difference d of two values, so it is d / m for an integer m, and m is bounded by the span of
// the values, which may cover at most 2^kMaxWeightBits steps.
std::optional<Grid> channelGrid(const float *row, int64_t n) {
  std::vector<double> u(row, row + n);
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  if (u.size() == 1)
    return Grid{u[0] == 0 ? 1.0 : std::fabs(u[0]), u[0] == 0 ? 0 : (u[0] > 0 ? 1 : -1),
                u[0] == 0 ? 0 : (u[0] > 0 ? 1 : -1), 0};
  double d = INFINITY;
  for (size_t i = 1; i < u.size(); ++i)
    d = std::min(d, u[i] - u[i - 1]);
  double span = u.back() - u.front();
  for (int64_t m = 1; double(m) * span / d < double(int64_t(1) << kMaxWeightBits) + 1; ++m)
    if (std::optional<Grid> g = onGrid(u, d / double(m)))
      return g;
  return std::nullopt;
}

} // namespace

bool splitWeightPlanes(const float *w, int64_t cout, int64_t fan_in, LinearLayer &out) {
  out.weight_grid_deviation = 0;
  std::vector<Grid> grids;
  int bits = 1;
  for (int64_t c = 0; c < cout; ++c) {
    std::optional<Grid> g = channelGrid(w + c * fan_in, fan_in);
    if (!g)
      return false;
    grids.push_back(*g);
    out.weight_grid_deviation = std::max(out.weight_grid_deviation, g->deviation);
    while ((int64_t(1) << bits) < g->kmax - g->kmin + 1)
      ++bits;
  }
  out.weight_bits = bits;
  out.weights.assign(size_t(bits * cout * fan_in), 0);
  out.weight_offset.assign(size_t(cout), 0);
  out.pre_scale.assign(size_t(cout), 0);
  for (int64_t c = 0; c < cout; ++c) {
    const Grid &g = grids[size_t(c)];
    out.weight_offset[size_t(c)] = 2 * g.kmin + (int64_t(1) << bits) - 1;
    out.pre_scale[size_t(c)] = g.step / 2;
    for (int64_t j = 0; j < fan_in; ++j) {
      int64_t m = int64_t(std::nearbyint(w[size_t(c * fan_in + j)] / g.step)) - g.kmin;
      for (int i = 0; i < bits; ++i)
        out.weights[size_t((i * cout + c) * fan_in + j)] = (m >> i) & 1;
    }
  }
  return true;
}

} // namespace bnnc::passes
