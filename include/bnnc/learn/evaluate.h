// The posterior predictive of a set of models and what it is worth: accuracy, each sample's
// uncertainty, calibration (docs/learning.md, "Evaluating a posterior").
#pragma once

#include "bnnc/learn/network.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace bnnc::learn {

struct Predictive {
  int64_t samples = 0, classes = 0;
  // samples x classes: p(c | x) = sum_k w_k p(c | x, theta_k) / sum_k w_k
  std::vector<double> probs;
  // per sample, in nats: the predictive entropy H = -sum_c p(c | x) ln p(c | x), and the mutual
  // information between the class and the model, H - sum_k w_k H_k / sum_k w_k (the part of the
  // uncertainty that comes from not knowing the model)
  std::vector<double> entropy, mutual_information;
};

// Writes the parameters of model `model` as seen for sample `sample` into `theta`: the stored
// ones for the ideal posterior, a fresh read of the devices on a chip.
using ThetaSource = std::function<void(int64_t sample, size_t model, std::vector<double> &theta)>;

// The predictive of the models (weights[k] each) on every sample; samples spread over `threads`,
// each computed alone, so the result does not depend on the count.
Predictive predict(const image::Network &net, const std::vector<double> &weights,
                   const ThetaSource &theta, const Samples &data, int threads);

constexpr int kCalibrationBins = 10;
// The fraction of samples a clinician would be asked to look at: the most uncertain ones.
constexpr double kReferredFraction = 0.1;

struct Scores {
  std::vector<int64_t> predictions; // argmax of p(c | x), the lowest class on a tie
  double mean_entropy = 0;          // nats
  // with labels only:
  int64_t correct = 0;
  double accuracy = 0;
  double ece = 0; // expected calibration error over kCalibrationBins bins of confidence
  // accuracy on the samples left when the kReferredFraction of highest entropy are referred
  double referred_accuracy = 0;
};
// `labels` may be empty (then only predictions and mean_entropy are filled).
Scores score(const Predictive &p, const std::vector<int64_t> &labels);

// ECE = sum_b (n_b / n) |accuracy_b - confidence_b|, the confidence of a sample being its largest
// class probability and bin b holding the confidences in [b / bins, (b + 1) / bins) (1 in the
// last bin).
double expectedCalibrationError(const Predictive &p, const std::vector<int64_t> &predictions,
                                const std::vector<int64_t> &labels, int bins);

} // namespace bnnc::learn
