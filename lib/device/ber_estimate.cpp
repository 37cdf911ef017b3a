// Monte-Carlo BER measurements: importance-sampled cells, and the read error rate of a chip.
#include "bnnc/device/ber_estimate.h"
#include "bnnc/device/physics.h"
#include "cell_program.h"

#include <cmath>

namespace bnnc::device {

namespace {

// The standard normals of one cell: d2d and c2c of device 0, d2d and c2c of device 1, offset.
constexpr int kDims = 5;

// The sense margin toward the stored bit (> 0: read right) of a cell programmed without faults
// or failures, its draws `u`, through the same Physics calls as programChip.
double marginTowardBit(const Physics &phys, bool bit, const double u[kDims]) {
  State s0 = bit ? State::Lrs : State::Hrs, s1 = bit ? State::Hrs : State::Lrs;
  double r0 = phys.atRead(s0, phys.programmed(s0, u[0], u[1]));
  double r1 = phys.atRead(s1, phys.programmed(s1, u[2], u[3]));
  double z0 = phys.margin(r0, r1, phys.model().sense_offset_sigma * u[4]);
  return bit ? z0 : -z0;
}

// The margin is linear in u: m(u) = m0 + a.u, with a read noise of sd s on top. The most likely
// failure point of (u, noise) in standard normal space is the point of m0 + a.u + s v = 0
// nearest the origin: u* = -m0 a / (|a|^2 + s^2). Sampling u around u* puts half the samples
// near failures instead of ~BER of them. a is read off the black box by unit steps.
void designPoint(const Physics &phys, bool bit, double mu[kDims]) {
  double zero[kDims] = {0, 0, 0, 0, 0};
  double m0 = marginTowardBit(phys, bit, zero), norm2 = phys.readSigma() * phys.readSigma();
  double a[kDims];
  for (int i = 0; i < kDims; ++i) {
    double step[kDims] = {0, 0, 0, 0, 0};
    step[i] = 1;
    a[i] = marginTowardBit(phys, bit, step) - m0;
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
    double wrong = wrongSideProbability(marginTowardBit(phys, bit, u), phys.readSigma());
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
    size_t next_risky = 0; // risky is sorted like the loop below
    for (int64_t r = 0; r < t.rows; ++r) {
      for (int64_t c = 0; c < t.cols; ++c) {
        double p = 0;
        if (next_risky < pt.risky.size() && pt.risky[next_risky].row == uint64_t(r) &&
            pt.risky[next_risky].col == uint64_t(c))
          p = pt.risky[next_risky++].p;
        bool sensed = (pt.sensed[r * words + c / 64] >> (c % 64)) & 1;
        all.add(sensed != mapping.cell(t, r, c) ? 1 - p : p);
      }
    }
  }
  return {all.mean(), std::sqrt(all.meanVariance()), all.n};
}

} // namespace bnnc::device
