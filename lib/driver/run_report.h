// The report of `bnnc run` on a chip image: accuracy over chips with its interval, the ideal
// chip's accuracy, bit errors observed, energy, latency and programming cost; as JSON (units in
// the key names, docs/cli.md) and as the human summary.
#pragma once

#include "bnnc/driver/driver.h"
#include "bnnc/driver/statistics.h"
#include "bnnc/energy/energy.h"
#include "run_chips.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::driver {

struct Accuracy {
  double mean = 0;         // over chips
  Interval ci95;           // over chips (Student's t), or over samples for one chip (Wilson)
  std::string ci95_method; // "student-t over chips" or "wilson over samples"
  std::vector<double> per_chip;
  double ideal = 0;
  int64_t ideal_correct = 0;
};

struct Programming {
  double energy_nj = 0, time_us = 0;
  double pulses = 0;       // mean over chips
  double retry_pulses = 0; // mean over chips of the pulses beyond the schedule's
};

// The --reference model on the same samples: its accuracy (with labels) and how many of its
// predictions the ideal chip shares.
struct ReferenceRun {
  std::string model;
  std::optional<double> accuracy;
  double agreement = 0; // fraction of samples where the ideal chip predicts the same class
};

// One weight plane's errors alone, mean over the chips (run_planes.h).
struct PlaneSummary {
  std::string layer;
  int plane = 0;
  int64_t cells = 0;
  double ber = 0;                 // the plane's cells sensed wrong, mean over chips
  std::optional<double> accuracy; // with labels: mean over chips, this plane's errors only
  double change_fraction = 0;     // predictions differing from the ideal chip's
};

struct ChipReport {
  const RunRequest *request = nullptr;
  const image::ChipImage *image = nullptr;
  const ChipSetup *setup = nullptr;
  const ChipRuns *runs = nullptr;
  std::optional<Accuracy> accuracy; // with labels
  double change_fraction = 0;       // chip predictions differing from the ideal chip's
  emulator::ReadCounts reads;       // summed over layers and chips
  // The share of used cells sensed wrong without read noise, mean over chips: the rate --ber
  // injects. reads.wrong_reads / reads.cell_reads weighs cells by how often they are read.
  double cell_ber = 0;
  energy::InferenceEnergy energy;
  Programming programming;
  std::optional<ReferenceRun> reference;
  std::vector<PlaneSummary> planes; // layers with multi-bit weights, on virtual chips
};

// Derives the report's numbers; `labels` may be empty.
ChipReport makeReport(const RunRequest &request, const image::ChipImage &image,
                      const ChipSetup &setup, const ChipRuns &runs,
                      const std::vector<int64_t> &labels);

nlohmann::ordered_json reportJson(const ChipReport &report);
std::string reportText(const ChipReport &report);

} // namespace bnnc::driver
