// Forward pass, class probabilities and likelihood of the posterior's networks.
#include "bnnc/learn/network.h"
#include "bnnc/support/parallel.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace bnnc::learn {

namespace {

using image::Activation;

double activate(Activation a, double v) {
  switch (a) {
  case Activation::Tanh:
    return std::tanh(v);
  case Activation::Relu:
    return v > 0 ? v : 0;
  case Activation::None:
    break;
  }
  return v;
}

// out[o] = W[o] . x + b[o] for a rows x cols matrix W at `w` followed by the rows biases.
void affine(const double *w, int64_t rows, int64_t cols, const double *x, double *out) {
  const double *bias = w + rows * cols;
  for (int64_t o = 0; o < rows; ++o) {
    double sum = bias[o];
    for (int64_t i = 0; i < cols; ++i)
      sum += w[o * cols + i] * x[i];
    out[o] = sum;
  }
}

// log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|).
double softplus(double a) { return std::max(a, 0.0) + std::log1p(std::exp(-std::fabs(a))); }

// log sum_o e^z_o, shifted by the largest logit so that no exponential overflows.
double logSumExp(const std::vector<double> &z) {
  double top = *std::max_element(z.begin(), z.end()), sum = 0;
  for (double v : z)
    sum += std::exp(v - top);
  return top + std::log(sum);
}

} // namespace

void forward(const image::Network &net, const double *theta, const double *x, Scratch &s) {
  s.logits.resize(size_t(net.outputs()));
  if (net.kind == image::NetworkKind::Logistic) {
    affine(theta, net.outputs(), net.inputs, x, s.logits.data());
    return;
  }
  s.hidden.resize(size_t(net.hidden));
  affine(theta, net.hidden, net.inputs, x, s.hidden.data());
  for (double &h : s.hidden)
    h = activate(net.activation, h);
  affine(theta + net.hidden * (net.inputs + 1), net.outputs(), net.hidden, s.hidden.data(),
         s.logits.data());
}

// Two classes: p(1) = sigmoid(z), so log p(1) = -softplus(-z) and log p(0) = -softplus(z).
// More: log p(y) = z_y - log sum_o e^z_o.
double logLikelihoodOne(const image::Network &net, const double *theta, const double *x,
                        int64_t label, Scratch &s) {
  forward(net, theta, x, s);
  if (net.outputs() == 1)
    return -softplus(label == 1 ? -s.logits[0] : s.logits[0]);
  return s.logits[size_t(label)] - logSumExp(s.logits);
}

void classProbabilities(const image::Network &net, const double *theta, const double *x, Scratch &s,
                        double *probs) {
  forward(net, theta, x, s);
  if (net.outputs() == 1) {
    // p(1) = 1 / (1 + e^-z); p(0) = e^-z p(1) = 1 / (1 + e^z), each exact in its own tail.
    probs[1] = 1 / (1 + std::exp(-s.logits[0]));
    probs[0] = 1 / (1 + std::exp(s.logits[0]));
    return;
  }
  double lse = logSumExp(s.logits);
  for (int64_t c = 0; c < net.classes; ++c)
    probs[c] = std::exp(s.logits[size_t(c)] - lse);
}

double logLikelihood(const image::Network &net, const std::vector<double> &theta,
                     const Samples &data, int threads) {
  assert(int64_t(theta.size()) == net.parameters());
  int64_t blocks = (data.count + kLikelihoodBlock - 1) / kLikelihoodBlock;
  std::vector<double> partial(size_t(blocks), 0.0);
  int workers = int(std::clamp<int64_t>(threads, 1, std::max<int64_t>(blocks, 1)));
  runParallel(workers, [&](int w) {
    Scratch s;
    for (int64_t b = w; b < blocks; b += workers) {
      int64_t end = std::min(data.count, (b + 1) * kLikelihoodBlock);
      for (int64_t i = b * kLikelihoodBlock; i < end; ++i)
        partial[size_t(b)] += logLikelihoodOne(net, theta.data(), data.row(i), data.labels[i], s);
    }
  });
  double total = 0;
  for (double p : partial)
    total += p;
  return total;
}

double logPrior(const std::vector<double> &theta, double sd) {
  double sum = 0;
  for (double t : theta)
    sum += t * t;
  return -sum / (2 * sd * sd);
}

ForwardCost forwardCost(const image::Network &net) {
  ForwardCost c;
  c.macs = net.parameters();
  bool tanh = net.kind == image::NetworkKind::Mlp && net.activation == Activation::Tanh;
  c.luts = (tanh ? net.hidden : 0) + (net.outputs() == 1 ? 1 : net.classes + 1);
  return c;
}

} // namespace bnnc::learn
