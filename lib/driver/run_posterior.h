// bnnc run on a posterior image (written by bnnc learn): the posterior as stored (--ideal) or
// transferred to `--chips` virtual arrays, with accuracy, each sample's uncertainty and the
// calibration (docs/cli.md, "bnnc run on a posterior image").
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/driver/driver.h"
#include "bnnc/image/posterior.h"
#include "bnnc/learn/cost.h"
#include "bnnc/learn/evaluate.h"

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::driver {

// Options that apply only to layer-program images (--ber, --technology) are usage errors.
void runPosterior(const RunRequest &request, const std::vector<uint8_t> &bytes, std::ostream &out,
                  std::ostream &err);

// One evaluation: the ideal posterior, or one chip.
struct PosteriorEval {
  learn::Predictive predictive;
  learn::Scores scores;
  learn::Cost programming; // writing the posterior into the chip (zero for the ideal posterior)
  int64_t stuck_devices = 0;
};

struct PosteriorRun {
  const RunRequest *request = nullptr;
  const image::PosteriorImage *posterior = nullptr;
  std::string device_name;                // the device model's name, "ideal" with --ideal
  std::optional<device::Environment> env; // none with --ideal
  uint64_t seed = 1;
  bool labelled = false;
  PosteriorEval ideal;
  std::vector<PosteriorEval> chips; // empty with --ideal
  learn::Cost inference;            // one sample on the chip
};

nlohmann::ordered_json posteriorRunJson(const PosteriorRun &run);
std::string posteriorRunText(const PosteriorRun &run);

} // namespace bnnc::driver
