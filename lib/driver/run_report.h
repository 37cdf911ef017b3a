// The report of `bnnc run` on a chip image (an evaluate::Result): as JSON (units in the key
// names, docs/cli.md) and as the human summary.
#pragma once

#include "bnnc/driver/driver.h"
#include "bnnc/evaluate/evaluate.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace bnnc::driver {

// The --reference model on the same samples: its accuracy (with labels) and how many of its
// predictions the ideal chip shares.
struct ReferenceRun {
  std::string model;
  std::optional<double> accuracy;
  double agreement = 0; // fraction of samples where the ideal chip predicts the same class
};

struct ChipReport {
  const RunRequest &request;
  const image::ChipImage &image;
  const evaluate::Population &population;
  const evaluate::Result &result;
  std::optional<ReferenceRun> reference;
};

nlohmann::ordered_json reportJson(const ChipReport &report);
std::string reportText(const ChipReport &report);

} // namespace bnnc::driver
