// Input stage, pooling and final stage of the ideal chip (see stages.h).
#include "stages.h"

#include <algorithm>
#include <cmath>

namespace bnnc::emulator::detail {

void comparatorBits(const ir::InputStage &in, const float *x, int64_t n, uint64_t *act) {
  std::fill(act, act + (n + 63) / 64, 0);
  for (int64_t i = 0; i < n; ++i)
    act[i / 64] |= uint64_t(in.compare[size_t(i)].eval(double(x[i]))) << (i % 64);
}

void packBits(const uint8_t *bits, int64_t n, uint64_t *act) {
  std::fill(act, act + (n + 63) / 64, 0);
  for (int64_t i = 0; i < n; ++i)
    act[i / 64] |= uint64_t(bits[i]) << (i % 64);
}

void poolBits(const ir::Layer &layer, const uint8_t *bits, uint64_t *act) {
  const ir::Pooling &pl = layer.pool;
  int64_t ih = layer.geom.oh, iw = layer.geom.ow;
  std::fill(act, act + (layer.outSize() + 63) / 64, 0);
  int64_t i = 0;
  for (int64_t c = 0; c < layer.geom.cout; ++c) {
    bool use_or = pl.use_or[size_t(c)];
    const uint8_t *plane = bits + c * ih * iw;
    for (int64_t py = 0; py < pl.oh; ++py)
      for (int64_t px = 0; px < pl.ow; ++px, ++i) {
        // Window element (ky, kx) reads (py * sh - pad_top + ky * dh, px * sw - pad_left +
        // kx * dw); OR starts from 0 and AND from 1, their identities.
        bool v = !use_or;
        for (int64_t ky = 0; ky < pl.kh; ++ky)
          for (int64_t kx = 0; kx < pl.kw; ++kx) {
            int64_t y = py * pl.sh - pl.pad_top + ky * pl.dh;
            int64_t x = px * pl.sw - pl.pad_left + kx * pl.dw;
            if (y < 0 || y >= ih || x < 0 || x >= iw)
              continue;
            v = use_or ? (v || plane[y * iw + x]) : (v && plane[y * iw + x]);
          }
        act[i / 64] |= uint64_t(v) << (i % 64);
      }
  }
}

int64_t applyFinal(ir::Program::Final final, const float *scores, int64_t n, float *out) {
  if (final == ir::Program::Final::ArgMax) {
    out[0] = float(argmax(scores, n));
    return int64_t(out[0]);
  }
  std::copy(scores, scores + n, out);
  if (final == ir::Program::Final::None || n == 0)
    return argmax(out, n);
  double m = -INFINITY, sum = 0;
  for (int64_t i = 0; i < n; ++i)
    m = std::max(m, double(out[i]));
  for (int64_t i = 0; i < n; ++i)
    sum += std::exp(double(out[i]) - m);
  bool log = final == ir::Program::Final::LogSoftmax;
  for (int64_t i = 0; i < n; ++i) {
    double v = double(out[i]) - m;
    out[i] = float(log ? v - std::log(sum) : std::exp(v) / sum);
  }
  return argmax(out, n);
}

int64_t argmax(const float *v, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (v[i] > v[best])
      best = i;
  return best;
}

} // namespace bnnc::emulator::detail
