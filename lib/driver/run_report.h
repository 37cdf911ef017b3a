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
  double retry_pulses = 0; // mean over chips of the pulses beyond one attempt per cell
  double verify_reads = 0; // mean over chips
};

// The static weight errors of the chips (cells sensed wrong without read noise), a count of
// rare events: their rate per used cell and its exact Poisson 95% interval.
struct StaticErrors {
  int64_t count = 0, cells = 0; // summed over chips
  double rate = 0;
  Interval ci95;
};

// The --reference model on the same samples: its accuracy (with labels) and how many of its
// predictions the ideal chip shares.
struct ReferenceRun {
  std::string model;
  std::optional<double> accuracy;
  double agreement = 0; // fraction of samples where the ideal chip predicts the same class
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
  StaticErrors static_errors;
  std::optional<ReferenceRun> reference;
};

// How the chips' cells are read, for the energy model: 1T1R or 2T2R, and the code's decoder.
energy::ReadScheme readScheme(const ChipSetup &setup);

// Derives the report's numbers; `labels` may be empty.
ChipReport makeReport(const RunRequest &request, const image::ChipImage &image,
                      const ChipSetup &setup, const ChipRuns &runs,
                      const std::vector<int64_t> &labels);

nlohmann::ordered_json reportJson(const ChipReport &report);
std::string reportText(const ChipReport &report);

} // namespace bnnc::driver
