// Monte-Carlo BER measurements: importance-sampled cells, and the read error rate of a chip.
#include "bnnc/device/ber_estimate.h"
#include "bnnc/device/physics.h"
#include "cell_program.h"

#include <cmath>

namespace bnnc::device {

namespace {

// The standard normals of one cell: d2d and c2c of device 0, d2d and c2c of device 1, the
// column offset, the retention spreading of each device, the trim error of the 1T1R reference.
constexpr int kDims = 8;

// The sense margin toward the stored bit (> 0: read right) of a cell programmed without faults
// or failures, its draws `u`, through the same Physics calls as programChip; `noise` gets the
// standard deviation of a read's noise on it.
double marginTowardBit(const Physics &phys, bool bit, const double u[kDims], double &noise) {
  const DeviceModel &m = phys.model();
  const Aged &a = phys.aged();
  const bool pair = m.cell == DeviceModel::Cell::TwoT2R;
  State s0 = bit ? State::Lrs : State::Hrs, s1 = bit ? State::Hrs : State::Lrs;
  double r0 = phys.atRead(s0, a, phys.programmed(s0, a, u[0], u[1]), u[5]);
  double r1 = pair ? phys.atRead(s1, a, phys.programmed(s1, a, u[2], u[3]), u[6]) : r0;
  bool trimmed = m.reference.trim == DeviceModel::Reference::Trim::Array;
  double ref = phys.lnReference() + (trimmed ? m.reference.sigma * u[7] : 0.0);
  double z0 = phys.margin(r0, r1, m.sense_offset_sigma * u[4], ref);
  MarginNoise n = phys.noise(s0, r0, s1, r1);
  noise = std::hypot(n.white, n.telegraph);
  return bit ? z0 : -z0;
}

// The margin is nearly linear in u: m(u) = m0 + a.u, with a read noise of sd s on top. The most
// likely failure point of (u, noise) in standard normal space is the point of m0 + a.u + s v = 0
// nearest the origin: u* = -m0 a / (|a|^2 + s^2). Sampling u around u* puts half the samples
// near failures instead of ~BER of them. a is read off the black box by unit steps.
void designPoint(const Physics &phys, bool bit, double mu[kDims]) {
  double zero[kDims] = {}, s = 0;
  double m0 = marginTowardBit(phys, bit, zero, s), norm2 = s * s;
  double a[kDims];
  for (int i = 0; i < kDims; ++i) {
    double step[kDims] = {};
    step[i] = 1;
    a[i] = marginTowardBit(phys, bit, step, s) - m0;
    norm2 += a[i] * a[i];
  }
  for (int i = 0; i < kDims; ++i)
    mu[i] = norm2 > 0 ? -m0 * a[i] / norm2 : 0;
}

struct Moments {
  double sum = 0, sum2 = 0;
  int64_t n = 0;
  void add(double x) { sum += x, sum2 += x * x, ++n; }
  double mean() const { return n ? sum / n : 0; }
  // Variance of the mean: (E[x^2] - E[x]^2) / (n - 1).
  double meanVariance() const {
    return n > 1 ? std::max(0.0, sum2 / n - mean() * mean()) / double(n - 1) : 0;
  }
};

} // namespace

// Importance sampling: u = v + u*, v standard normal. The density ratio of the true N(0, I) to
// the sampled N(u*, I) at u is exp(-|u|^2/2 + |u - u*|^2/2) = exp(-u.u* + |u*|^2/2); the mean of
// weight x P(wrong | u) estimates E[P(wrong | u)] without bias, with P(wrong | u) =
// Phi(-m(u) / s) integrating the read noise exactly.
BerEstimate estimateBitErrorRate(const DeviceModel &model, const Environment &env, int64_t samples,
                                 uint64_t seed) {
  const Physics phys(model, env);
  double mu[2][kDims];
  designPoint(phys, false, mu[0]);
  designPoint(phys, true, mu[1]);
  Rng rng(streamKey(seed, {kEstimateStream}));
  Moments per_bit[2];
  for (int64_t k = 0; k < samples; ++k) {
    bool bit = k % 2;
    double u[kDims], log_w = 0;
    for (int i = 0; i < kDims; ++i) {
      u[i] = rng.normal() + mu[bit][i];
      log_w += -u[i] * mu[bit][i] + 0.5 * mu[bit][i] * mu[bit][i];
    }
    double noise = 0, margin = marginTowardBit(phys, bit, u, noise);
    double wrong = wrongSideProbability(margin, noise);
    per_bit[bit].add(std::exp(log_w) * wrong);
  }
  // Both bits are equally likely: the BER is the mean of the two per-bit rates.
  BerEstimate out;
  out.samples = samples;
  out.ber = 0.5 * (per_bit[0].mean() + per_bit[1].mean());
  out.std_error = 0.5 * std::sqrt(per_bit[0].meanVariance() + per_bit[1].meanVariance());
  return out;
}

BerEstimate chipReadErrorRate(const image::ChipImage &image, const VirtualChip &chip) {
  const mapping::Mapping &mapping = image.mapping;
  const int64_t words = mapping.wordsPerRow();
  Moments all;
  for (size_t i = 0; i < mapping.tiles.size(); ++i) {
    const mapping::Tile &t = mapping.tiles[i];
    const ProgrammedTile &pt = chip.tiles[i];
    size_t next_risky = 0, next_held = 0; // both lists are sorted like the loop below
    auto riskAt = [](const std::vector<ReadRisk> &list, size_t &next, int64_t r, int64_t c) {
      if (next < list.size() && list[next].row == uint64_t(r) && list[next].col == uint64_t(c))
        return list[next++].p;
      return 0.0;
    };
    for (int64_t r = 0; r < t.rows; ++r) {
      for (int64_t c = 0; c < t.cols; ++c) {
        // A read differs from the noiseless one when exactly one of the run and read flips
        // happens.
        double run = riskAt(pt.held, next_held, r, c), read = riskAt(pt.risky, next_risky, r, c);
        double p = run + read - 2 * run * read;
        bool sensed = (pt.sensed[r * words + c / 64] >> (c % 64)) & 1;
        all.add(sensed != mapping.cell(t, r, c) ? 1 - p : p);
      }
    }
  }
  return {all.mean(), std::sqrt(all.meanVariance()), all.n};
}

} // namespace bnnc::device
