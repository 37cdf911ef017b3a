// The samples and labels of `bnnc run` and `bnnc sweep`: --data divided by --data-div in float32
// (as x / 255. in PyTorch), checked against the model's input shape; --labels checked against
// the samples and the model's classes.
#pragma once

#include "bnnc/data/dataset.h"
#include "bnnc/driver/driver.h"
#include "bnnc/emulator/emulator.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <vector>

namespace bnnc::driver {

// --data opened and its sample shape checked against `sample_shape` (one sample).
data::SampleReader openSamples(const RunRequest &r, const ir::Shape &sample_shape);
// All of --data in float32, divided by --data-div (bnnc sweep keeps them for every point).
data::Dataset loadSamples(const RunRequest &r, const ir::Shape &sample_shape);
// How many values lie outside the range a bit-serial input of the --input-range form quantizes
// (where they are clamped): 0..255 pixels given to a model of [0, 1] without --data-div 255
// run, and give wrong answers, with no other sign.
struct InputRangeCount {
  const ir::InputStage *input = nullptr;
  int64_t outside = 0, values = 0;
  void add(const float *v, int64_t n);
  // Warns, naming --data-div, when more than 1 % of the values were outside.
  void warn(const std::string &path, std::ostream &err) const;
};

// The samples of `reader`, divided by --data-div, encoded for `plan` a range at a time: only one
// range of float32 values is held at once. Values outside the input range are counted in
// `counted` when it is not null.
std::shared_ptr<const emulator::EncodedInputs> encodeSamples(const RunRequest &r,
                                                             const emulator::Plan &plan,
                                                             const data::SampleReader &reader,
                                                             int threads,
                                                             InputRangeCount *counted = nullptr);
// --labels checked against `samples` and `classes` (empty without --labels).
std::vector<int64_t> checkedLabels(const RunRequest &r, int64_t samples, int64_t classes);

} // namespace bnnc::driver
