// The samples and labels an image is evaluated on: a data file divided by a divisor in float32
// (as x / 255. in PyTorch), checked against the model's input shape; labels checked against the
// samples and the model's classes.
#pragma once

#include "bnnc/data/dataset.h"
#include "bnnc/emulator/emulator.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::evaluate {

// What is wrong with an option value: the field and a message without it, e.g.
// {"chips", "must be at least 1, got 0"}; the caller names its flag or its place.
struct OptionProblem {
  std::string field;
  std::string message;
};

struct DataFiles {
  std::string data;   // samples: .npy, IDX (-ubyte, .gz) or .csv
  std::string labels; // class labels in the same formats; empty for none
  double divisor = 1; // every value is divided by it (255 for 0..255 pixels)
};

// {"data_divisor", "must be a positive number"} unless the divisor is positive and finite.
std::optional<OptionProblem> checkDivisor(double divisor);

// The data file opened and its sample shape checked against `sample_shape` (one sample).
data::SampleReader openSamples(const DataFiles &files, const ir::Shape &sample_shape);
// All of the data in float32, divided by the divisor (a sweep keeps them for every point).
data::Dataset loadSamples(const DataFiles &files, const ir::Shape &sample_shape);

// The labels file checked against `samples` and `classes` (empty without labels).
std::vector<int64_t> checkedLabels(const DataFiles &files, int64_t samples, int64_t classes);
// Checks labels already in memory; messages name `labels_source` and `data_source`
// ("y.npy: error: 3 labels for 2 samples in x.npy").
void checkLabels(const std::vector<int64_t> &labels, int64_t samples, int64_t classes,
                 const std::string &labels_source, const std::string &data_source);

// How many values lie outside the range a bit-serial input of the --input-range form quantizes
// (where they are clamped): 0..255 pixels given to a model of [0, 1] without dividing by 255
// run, and give wrong answers, with no other sign.
struct InputRangeCount {
  const ir::InputStage *input = nullptr;
  int64_t outside = 0, values = 0;
  void add(const float *v, int64_t n);
  // Warns, naming --data-div, when more than 1 % of the values were outside.
  void warn(const std::string &path, std::ostream &err) const;
};

// The samples of `reader`, divided by `divisor`, encoded for `plan` on `threads` threads, each
// converting its part a small chunk at a time: no thread holds more than a chunk of float32
// values. Values outside the input range are counted in `counted` when it is not null.
std::shared_ptr<const emulator::EncodedInputs> encodeSamples(const emulator::Plan &plan,
                                                             const data::SampleReader &reader,
                                                             double divisor, int threads,
                                                             InputRangeCount *counted = nullptr);

} // namespace bnnc::evaluate
