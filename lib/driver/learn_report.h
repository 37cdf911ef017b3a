// The report of `bnnc learn`: what was learned from what, how the chain went, what the posterior
// scores on the held-out set, the device writes and their wear, the energy and time of learning,
// and the CPU reference; as JSON (units in the key names, docs/cli.md) and as the human summary.
#pragma once

#include "bnnc/driver/learn.h"
#include "bnnc/learn/learn.h"

#include <nlohmann/json.hpp>
#include <string>

namespace bnnc::driver {

struct LearnData {
  learn::Labelled train, test;
  double fraction = 0; // of a seeded split; 0 for a given held-out set
  uint64_t split_seed = 0;
};

struct LearnReport {
  const LearnRequest *request = nullptr;
  const learn::LearnSpec *spec = nullptr;
  const LearnData *data = nullptr;
  const learn::LearnResult *result = nullptr;
  size_t image_bytes = 0;
};

nlohmann::ordered_json learnReportJson(const LearnReport &report);
std::string learnReportText(const LearnReport &report);

} // namespace bnnc::driver
