// Input stage and final stage of the chip (see stages.h).
#include "stages.h"

#include <algorithm>
#include <cmath>

namespace bnnc::emulator::detail {

void comparatorBits(const ir::InputStage &in, const float *x, int64_t n, uint64_t *act) {
  std::fill(act, act + (n + 63) / 64, 0);
  for (int64_t i = 0; i < n; ++i)
    act[i / 64] |= uint64_t(in.compare[size_t(i)].eval(double(x[i]))) << (i % 64);
}

int64_t applyFinal(ir::Program::Final final, const float *scores, int64_t n, float *out) {
  if (final == ir::Program::Final::ArgMax) {
    out[0] = float(argmax(scores, n));
    return int64_t(out[0]);
  }
  if (out != scores)
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
