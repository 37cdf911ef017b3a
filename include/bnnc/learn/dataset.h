// Labelled data for learning and for evaluating a posterior: loading (features and labels from
// one CSV whose last column is the label, or from a data file and a labels file), a seeded
// train/test split, the standardisation the periphery applies, and writing a split back as CSV.
#pragma once

#include "bnnc/image/posterior.h"
#include "bnnc/learn/network.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace bnnc::learn {

struct Labelled {
  int64_t count = 0, features = 0;
  std::vector<double> x;       // count x features, as in the file
  std::vector<int64_t> labels; // one per sample, non-negative integers
};

// Loads `data` (.npy, IDX or .csv) with the labels of `labels`; with `labels` empty, `data` must
// be a CSV whose last column holds the labels. Errors name the file and the line or offset:
//   "x.csv: line 7: error: label of sample 5 is 0.5, labels must be non-negative integers"
//   "y.csv: error: 568 labels for 569 samples in x.csv"
Labelled loadLabelled(const std::string &data, const std::string &labels);
// Loads samples whose feature count is known (`features`): a data file of that many columns with
// a labels file (or none), or a CSV with one more column holding the labels.
Labelled loadForModel(const std::string &data, const std::string &labels, int64_t features);

// Moves a seeded random fraction of `all` (round(fraction x count) samples, at least one, and at
// least one left) into the second of the pair.
struct Split {
  Labelled train, test;
};
Split splitLabelled(const Labelled &all, double test_fraction, uint64_t seed);

// Fits net.feature_mean and net.feature_scale on `train`: the mean and the standard deviation of
// each feature (1 for a constant feature, which then stays constant).
void fitStandardisation(const Labelled &train, image::Network &net);
// The samples as the periphery sees them: z = (x - mean) / scale.
Samples standardise(const Labelled &data, const image::Network &net);

// The samples as CSV: the features, then the label, one sample per line, with a header line.
void writeCsv(std::ostream &out, const Labelled &data);

} // namespace bnnc::learn
