// The train/test split, the standardisation and the CSV writer of labelled data.
#include "bnnc/learn/array.h"
#include "bnnc/learn/dataset.h"
#include "bnnc/support/format.h"
#include "bnnc/support/random.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <ostream>

namespace bnnc::learn {

namespace {

// The samples of `all` at `indices`, in that order.
Labelled subset(const Labelled &all, const std::vector<int64_t> &indices) {
  Labelled out;
  out.count = int64_t(indices.size());
  out.features = all.features;
  for (int64_t i : indices) {
    out.x.insert(out.x.end(), all.x.begin() + i * all.features,
                 all.x.begin() + (i + 1) * all.features);
    if (!all.labels.empty())
      out.labels.push_back(all.labels[size_t(i)]);
  }
  return out;
}

} // namespace

// A Fisher-Yates shuffle of the indices with the split's own stream; the first round(f n) go to
// the test set; both sets keep the file's order.
Split splitLabelled(const Labelled &all, double test_fraction, uint64_t seed) {
  int64_t n = all.count, n_test = std::llround(test_fraction * double(n));
  assert(n_test >= 1 && n_test < n);
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(streamKey(seed, {kSplitStream}));
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(order[size_t(i)], order[size_t(rng.next() % uint64_t(i + 1))]);
  std::vector<int64_t> test(order.begin(), order.begin() + n_test);
  std::vector<int64_t> train(order.begin() + n_test, order.end());
  std::sort(test.begin(), test.end());
  std::sort(train.begin(), train.end());
  return {subset(all, train), subset(all, test)};
}

// mean = sum x / n, scale = sqrt(sum (x - mean)^2 / n), or 1 when that is 0.
void fitStandardisation(const Labelled &train, image::Network &net) {
  int64_t d = train.features;
  net.feature_mean.assign(size_t(d), 0.0);
  net.feature_scale.assign(size_t(d), 0.0);
  for (int64_t i = 0; i < train.count; ++i)
    for (int64_t f = 0; f < d; ++f)
      net.feature_mean[size_t(f)] += train.x[size_t(i * d + f)] / double(train.count);
  for (int64_t i = 0; i < train.count; ++i)
    for (int64_t f = 0; f < d; ++f) {
      double dev = train.x[size_t(i * d + f)] - net.feature_mean[size_t(f)];
      net.feature_scale[size_t(f)] += dev * dev / double(train.count);
    }
  for (double &s : net.feature_scale)
    s = s > 0 ? std::sqrt(s) : 1.0;
}

Samples standardise(const Labelled &data, const image::Network &net) {
  Samples s;
  s.count = data.count;
  s.features = data.features;
  s.labels = data.labels;
  s.x.resize(data.x.size());
  for (size_t i = 0; i < data.x.size(); ++i) {
    size_t f = i % size_t(data.features);
    s.x[i] = (data.x[i] - net.feature_mean[f]) / net.feature_scale[f];
  }
  return s;
}

void writeCsv(std::ostream &out, const Labelled &data) {
  for (int64_t f = 0; f < data.features; ++f)
    out << "x" << f << ",";
  out << "label\n";
  for (int64_t i = 0; i < data.count; ++i) {
    for (int64_t f = 0; f < data.features; ++f)
      out << formatNumber(data.x[size_t(i * data.features + f)]) << ",";
    out << data.labels[size_t(i)] << "\n";
  }
}

} // namespace bnnc::learn
