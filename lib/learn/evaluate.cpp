// The posterior predictive, its uncertainty and calibration (see evaluate.h).
#include "bnnc/learn/evaluate.h"
#include "bnnc/support/parallel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bnnc::learn {

namespace {

// -sum_c p_c ln p_c, with 0 ln 0 = 0.
double entropyOf(const double *p, int64_t classes) {
  double h = 0;
  for (int64_t c = 0; c < classes; ++c)
    h -= p[c] > 0 ? p[c] * std::log(p[c]) : 0;
  return h;
}

// One sample: the weighted mean of the models' probabilities and of their entropies.
void predictOne(const image::Network &net, const std::vector<double> &weights,
                const ThetaSource &source, const Samples &data, int64_t i, Predictive &out) {
  double total = std::accumulate(weights.begin(), weights.end(), 0.0), expected_h = 0;
  int64_t c = net.classes;
  double *mean = out.probs.data() + i * c;
  std::vector<double> theta, probs(static_cast<size_t>(c));
  Scratch s;
  for (size_t k = 0; k < weights.size(); ++k) {
    source(i, k, theta);
    classProbabilities(net, theta.data(), data.row(i), s, probs.data());
    for (int64_t j = 0; j < c; ++j)
      mean[j] += weights[k] / total * probs[size_t(j)];
    expected_h += weights[k] / total * entropyOf(probs.data(), c);
  }
  out.entropy[size_t(i)] = entropyOf(mean, c);
  // H(mean) >= mean of H (concavity); rounding may leave a -1e-17.
  out.mutual_information[size_t(i)] = std::max(0.0, out.entropy[size_t(i)] - expected_h);
}

} // namespace

Predictive predict(const image::Network &net, const std::vector<double> &weights,
                   const ThetaSource &theta, const Samples &data, int threads) {
  Predictive p;
  p.samples = data.count;
  p.classes = net.classes;
  p.probs.assign(size_t(data.count * net.classes), 0.0);
  p.entropy.assign(size_t(data.count), 0.0);
  p.mutual_information.assign(size_t(data.count), 0.0);
  int workers = int(std::clamp<int64_t>(threads, 1, std::max<int64_t>(data.count, 1)));
  runParallel(workers, [&](int w) {
    for (int64_t i = w; i < data.count; i += workers)
      predictOne(net, weights, theta, data, i, p);
  });
  return p;
}

double expectedCalibrationError(const Predictive &p, const std::vector<int64_t> &predictions,
                                const std::vector<int64_t> &labels, int bins) {
  const size_t n = static_cast<size_t>(bins);
  std::vector<double> count(n, 0.0), correct(n, 0.0), confidence(n, 0.0);
  for (int64_t i = 0; i < p.samples; ++i) {
    double conf = p.probs[size_t(i * p.classes + predictions[size_t(i)])];
    size_t b = size_t(std::min(bins - 1, int(conf * bins)));
    count[b] += 1;
    correct[b] += predictions[size_t(i)] == labels[size_t(i)];
    confidence[b] += conf;
  }
  double ece = 0;
  for (size_t b = 0; b < count.size(); ++b)
    if (count[b] > 0)
      ece += count[b] / double(p.samples) *
             std::fabs(correct[b] / count[b] - confidence[b] / count[b]);
  return ece;
}

namespace {

// The accuracy on the samples kept after referring the most uncertain kReferredFraction (ties in
// entropy broken by sample order).
double referredAccuracy(const Predictive &p, const Scores &s, const std::vector<int64_t> &labels) {
  std::vector<int64_t> order(static_cast<size_t>(p.samples));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return p.entropy[size_t(a)] < p.entropy[size_t(b)];
  });
  int64_t kept = p.samples - std::llround(kReferredFraction * double(p.samples)), right = 0;
  for (int64_t k = 0; k < kept; ++k)
    right += s.predictions[size_t(order[size_t(k)])] == labels[size_t(order[size_t(k)])];
  return kept > 0 ? double(right) / double(kept) : 0;
}

} // namespace

Scores score(const Predictive &p, const std::vector<int64_t> &labels) {
  Scores s;
  for (int64_t i = 0; i < p.samples; ++i) {
    const double *row = p.probs.data() + i * p.classes;
    s.predictions.push_back(std::max_element(row, row + p.classes) - row);
    s.mean_entropy += p.entropy[size_t(i)] / double(p.samples);
  }
  if (labels.empty() || p.samples == 0)
    return s;
  for (int64_t i = 0; i < p.samples; ++i)
    s.correct += s.predictions[size_t(i)] == labels[size_t(i)];
  s.accuracy = double(s.correct) / double(p.samples);
  s.ece = expectedCalibrationError(p, s.predictions, labels, kCalibrationBins);
  s.referred_accuracy = referredAccuracy(p, s, labels);
  return s;
}

} // namespace bnnc::learn
