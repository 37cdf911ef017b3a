// The networks a posterior parameterises (image::Network): forward pass, class probabilities and
// the log-likelihood that the periphery computes from the devices' reads (docs/learning.md,
// "The models" and "The likelihood").
#pragma once

#include "bnnc/image/posterior.h"

#include <cstdint>
#include <vector>

namespace bnnc::learn {

// A data set as the periphery sees it: `count` samples of `features` standardised values
// (row-major) and their class labels (empty when there are none).
struct Samples {
  int64_t count = 0, features = 0;
  std::vector<double> x;
  std::vector<int64_t> labels;
  const double *row(int64_t i) const { return x.data() + i * features; }
};

// Work space of one forward pass (hidden activations and outputs), reused between calls.
struct Scratch {
  std::vector<double> hidden, logits;
};

// The network's outputs (logits) for one sample, into scratch.logits (net.outputs() values).
void forward(const image::Network &net, const double *theta, const double *x, Scratch &s);
// log p(label | x, theta): log-sigmoid of +-z for two classes, log-softmax otherwise.
double logLikelihoodOne(const image::Network &net, const double *theta, const double *x,
                        int64_t label, Scratch &s);
// p(class | x, theta) for every class, into `probs` (net.classes values).
void classProbabilities(const image::Network &net, const double *theta, const double *x, Scratch &s,
                        double *probs);

// The sum of logLikelihoodOne over the samples: sums of blocks of kLikelihoodBlock samples in
// sample order, added in block order, so the result is the same for any `threads`.
constexpr int64_t kLikelihoodBlock = 64;
double logLikelihood(const image::Network &net, const std::vector<double> &theta,
                     const Samples &data, int threads);
// A Gaussian prior N(0, sd^2) on every parameter, up to its constant: -sum theta^2 / (2 sd^2).
double logPrior(const std::vector<double> &theta, double sd);

// The arithmetic of one sample's likelihood (or probabilities) in the periphery:
// multiply-accumulates (one per parameter: a bias is a MAC with input 1) and table lookups
// (tanh per hidden unit; log-sigmoid, or the exponentials and one logarithm of a softmax).
struct ForwardCost {
  int64_t macs = 0, luts = 0;
};
ForwardCost forwardCost(const image::Network &net);

} // namespace bnnc::learn
