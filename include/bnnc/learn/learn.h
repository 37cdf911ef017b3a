// bnnc learn as a library call: a model, labelled data split into training and held-out sets, a
// device model and an array in, a posterior image and the account of how it was learned out
// (docs/learning.md). The driver turns the command line into a LearnSpec; nothing here knows
// about flags.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/image/posterior.h"
#include "bnnc/learn/chain.h"
#include "bnnc/learn/constants.h"
#include "bnnc/learn/cost.h"
#include "bnnc/learn/cpu_reference.h"
#include "bnnc/learn/dataset.h"
#include "bnnc/learn/evaluate.h"
#include "bnnc/learn/model_spec.h"

#include <optional>
#include <string>

namespace bnnc::learn {

struct LearnSpec {
  ModelSpec model;
  device::DeviceModel device;
  device::Environment env; // the age of the devices when learning starts
  image::Condition condition;
  Constants constants;
  int64_t array_rows = 128, array_cols = 128;
  ChainSettings chain;
  bool cpu_reference = false; // also time the chain on this CPU
};

struct LearnResult {
  image::PosteriorImage posterior;
  ChainResult chain;
  Cost cost;         // of the whole chain
  Predictive test;   // the stored posterior on the held-out set
  Scores test_score; // its accuracy, calibration and uncertainty
  std::optional<CpuReference> cpu;
};

// The classes of a task: the largest label of either set plus one. Fewer than 2 classes, or a
// label beyond kMaxClasses, is an error naming `source`.
int64_t classCount(const Labelled &train, const Labelled &test, const std::string &source);
// The array a network of `parameters` needs in rows of `cols`: rows_per_model =
// ceil(2 parameters / cols).
image::ArrayGeometry arrayFor(int64_t rows, int64_t cols, int64_t parameters);
// The network of the spec for this data, with its standardisation fitted on `train`.
image::Network networkOf(const LearnSpec &spec, const Labelled &train, int64_t classes);

LearnResult learnPosterior(const LearnSpec &spec, const Labelled &train, const Labelled &test,
                           int64_t classes);

} // namespace bnnc::learn
