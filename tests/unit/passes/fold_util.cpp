#include "unit/passes/fold_util.h"

#include <cmath>

namespace bnnc::test {

float batchNormScale(const BatchNorm &bn, size_t c) {
  float inv_std = 1.0f / std::sqrt(float(bn.var[c]) + float(bn.eps));
  return inv_std * float(bn.gamma[c]);
}

float batchNorm(const BatchNorm &bn, size_t c, float x) {
  float a = batchNormScale(bn, c);
  float b = float(bn.beta[c]) - float(bn.mean[c]) * a;
  return x * a + b;
}

bool binarize(const FoldCase &f, float y) {
  return f.binarizer == Binarizer::Greater ? y > float(f.t) : y >= float(f.t);
}

namespace {

double uniform(std::mt19937_64 &rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

double logUniform(std::mt19937_64 &rng, double lo, double hi) {
  return std::exp(uniform(rng, std::log(lo), std::log(hi)));
}

double f32(double v) { return double(float(v)); }

// beta such that the batch norm gives exactly the binarizer's constant t at x0, searched among
// the float32 values next to t - x0 * a + mean * a; with mean = 0 when none is exact.
void placeTie(BatchNorm &bn, size_t c, float x0, float t) {
  for (int attempt = 0; attempt < 2; ++attempt, bn.mean[c] = 0) {
    float a = batchNormScale(bn, c);
    float base = float(double(t) - double(x0 * a) + double(float(bn.mean[c]) * a));
    for (int k = 0; k < 9; ++k) { // base, one step up, one down, two up...
      float beta = base;
      for (int i = 0; i < (k + 1) / 2; ++i)
        beta = std::nextafter(beta, k % 2 ? 1e30f : -1e30f);
      bn.beta[c] = beta;
      if (batchNorm(bn, c, x0) == t)
        return;
    }
  }
}

void randomChannel(std::mt19937_64 &rng, BatchNorm &bn, size_t c, double range) {
  double gamma = logUniform(rng, 0.01, 4) * (rng() % 2 ? 1 : -1);
  double var = logUniform(rng, 1e-3, 10), theta = uniform(rng, -1.2 * range, 1.2 * range);
  double mean = uniform(rng, -range, range);
  // gamma (theta - mean) / s + beta = 0 at theta
  double s = std::sqrt(var + bn.eps);
  bn.gamma[c] = f32(gamma), bn.var[c] = f32(var), bn.mean[c] = f32(mean);
  bn.beta[c] = f32(-gamma * (theta - mean) / s);
}

} // namespace

FoldCase randomFoldCase(std::mt19937_64 &rng, size_t channels, double range,
                        const std::vector<float> &ties) {
  FoldCase f;
  const double eps[] = {1e-5, 1e-3, 0.25};
  f.bn.eps = eps[rng() % 3];
  f.binarizer = Binarizer(rng() % 3);
  f.t = f.binarizer == Binarizer::Sign ? 0 : f32(rng() % 2 ? 0 : uniform(rng, -1, 1));
  for (std::vector<double> *v : {&f.bn.gamma, &f.bn.beta, &f.bn.mean, &f.bn.var})
    v->assign(channels, 0);
  for (size_t c = 0; c < channels; ++c) {
    randomChannel(rng, f.bn, c, range);
    switch (rng() % 8) {
    case 0: // gamma = 0: the constant beta, below, at or above the binarizer's threshold
      f.bn.gamma[c] = 0;
      f.bn.beta[c] = f.t + double(int(rng() % 3) - 1) * (rng() % 2 ? 0.5 : 1e-6);
      f.bn.beta[c] = f32(f.bn.beta[c]);
      break;
    case 1: // a tiny gamma: a threshold far outside the range
      f.bn.gamma[c] = f32(f.bn.gamma[c] * 1e-7);
      break;
    case 2: // an exact tie at a value the caller gives
    case 3: // ... or one float32 step either side of it
      placeTie(f.bn, c, ties[rng() % ties.size()], float(f.t));
      if (c % 2 && rng() % 2)
        f.bn.beta[c] = std::nextafter(float(f.bn.beta[c]), rng() % 2 ? 1e30f : -1e30f);
      break;
    default:
      break;
    }
  }
  return f;
}

ir::Graph foldModel(const FoldCase &f, const std::vector<double> &w, int64_t k, bool binary_input) {
  int64_t n = int64_t(f.bn.gamma.size());
  GraphBuilder b({1, k});
  std::string x = b.input();
  if (binary_input) {
    std::string ge = b.node("in_ge", "GreaterOrEqual", {x, b.constant("in_t", {}, {0})});
    x = b.node("in_sign", "Where",
               {ge, b.constant("in_hi", {}, {1}), b.constant("in_lo", {}, {-1})});
  }
  std::string y = b.node("fc1", "MatMul", {x, b.constant("W", {k, n}, w)});
  y = addBatchNorm(b, "bn", y, f.bn);
  std::string h;
  if (f.binarizer == Binarizer::Sign) {
    h = b.node("bin", "Sign", {y});
  } else {
    const char *op = f.binarizer == Binarizer::Greater ? "Greater" : "GreaterOrEqual";
    std::string cmp = b.node("cmp", op, {y, b.constant("t", {}, {f.t})});
    h = b.node("bin", "Where", {cmp, b.constant("hi", {}, {1}), b.constant("lo", {}, {-1})});
  }
  std::string out =
      b.node("fc2", "MatMul", {h, b.constant("W2", {n, 1}, std::vector<double>(n, 1))});
  return b.finish(out);
}

} // namespace bnnc::test
