// Evaluation of a chip image on a population of chips (docs/cli.md, "bnnc run"): the ideal chip,
// then `chips` virtual chips, each programmed with its own seed under the device model (or given
// injected bit errors) and run on every sample; accuracy over the chips with its interval, the
// bit errors observed, energy, latency and programming cost.
//
// Prepare once, evaluate many: a Bench holds what every population of an (image, data) pair
// shares (the emulator's plan, the encoded samples, the ideal chip's run), and evaluates any
// number of populations on it (bnnc run one, bnnc sweep one per point).
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/device/fault_map.h"
#include "bnnc/emulator/emulator.h"
#include "bnnc/energy/energy.h"
#include "bnnc/evaluate/samples.h"
#include "bnnc/evaluate/statistics.h"
#include "bnnc/image/image.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::evaluate {

struct Population {
  bool ideal = false;        // the ideal chip only
  std::optional<double> ber; // inject this bit error rate instead of a model
  // Default: the condition's device (deviceForCondition).
  std::optional<device::DeviceModel> device;
  // The programming condition the chips are programmed under (their programming energy and
  // time, and the default device model); default: the image's.
  std::optional<image::Condition> condition;
  device::Environment environment;
  // A measured chip's stuck devices (docs/device-model.md, "Measured chips"), on every chip;
  // checked against the image's architecture and spare columns.
  std::optional<device::FaultMap> fault_map;
  int chips = 1;
  uint64_t seed = 1; // chip c is programmed with streamKey(seed, {c})
  int threads = 1;   // results do not depend on it
  // Multi-bit weights: run every chip again once per weight plane with only that plane's errors,
  // to measure each plane's accuracy impact (one run per plane; each plane's BER comes without).
  bool plane_impact = false;
  energy::Technology technology = energy::defaultTechnology(); // of the energy report
};

// {"threads", "must be at least 1, got 0"} for fewer than one thread.
std::optional<OptionProblem> checkThreads(int threads);
// The first problem of a population: threads, chips ("chips"), ber ("ber"), then the
// environment (device::checkEnvironment's fields "cycles", "retention_s", "temperature_k").
std::optional<OptionProblem> checkPopulation(const Population &population);

// One weight plane of a layer with multi-bit weights on one chip: its static errors, and with
// Population::plane_impact the chip run again with only that plane's errors (the other cells
// read as stored), so its accuracy impact is measured.
struct PlaneRecord {
  int layer = 0, plane = 0;  // a weight error in plane i weighs 2^i
  int64_t cells = 0;         // used cells of the plane
  int64_t static_errors = 0; // of them, sensed wrong without read noise
  bool ran = false;          // run with this plane's errors only (plane_impact)
  int64_t correct = 0;       // then: predictions equal to the label
  int64_t changed = 0;       // then: predictions that differ from the ideal chip's
};

// What one chip did over the samples.

struct ChipRecord {
  int64_t correct = 0;       // predictions equal to the label (0 without labels)
  int64_t changed = 0;       // predictions that differ from the ideal chip's
  int64_t static_errors = 0; // used cells sensed wrong, without read noise
  int64_t read_flips = 0;    // reads inverted by read noise, over all samples
  int64_t pulses = 0;        // programming pulses, verify retries included
  int64_t sets = 0, resets = 0;
  int64_t first_pulses = 0; // the pulses of one attempt at every cell: the rest are retries
  int64_t verify_reads = 0;
  int64_t used_cells = 0, check_cells = 0;
  int64_t stuck_devices = 0, worn_devices = 0;
  std::vector<PlaneRecord> planes; // each weight plane's errors alone (multi-bit weights only)
};

// One weight plane's errors alone, mean over the chips.
struct PlaneSummary {
  std::string layer;
  int plane = 0;
  int64_t cells = 0;
  double ber = 0; // the plane's cells sensed wrong, mean over chips
  // With plane_impact, mean over chips with this plane's errors only: the accuracy (with labels)
  // and the share of predictions differing from the ideal chip's.
  std::optional<double> accuracy, change_fraction;
};

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

struct Result {
  std::string device;         // the device model's name, "injected-ber" or "ideal"
  image::Condition condition; // the programming condition of the chips
  int64_t samples = 0, classes = 0;
  emulator::RunResult first;        // chip 0 (the ideal chip when ideal): outputs, predictions
  std::vector<ChipRecord> chips;    // one per chip; the ideal chip's alone when ideal
  std::optional<Accuracy> accuracy; // with labels
  double change_fraction = 0;       // chip predictions differing from the ideal chip's
  std::vector<emulator::ReadCounts> layer_reads; // per layer, summed over the chips
  emulator::ReadCounts reads;                    // summed over layers and chips
  // The share of used cells sensed wrong without read noise, mean over chips: the rate an
  // injected BER gives. reads.wrong_reads / reads.cell_reads weighs cells by their reads.
  double cell_ber = 0;
  int64_t cells_used = 0; // the rows x columns the tiles hold of their layers
  StaticErrors static_errors;
  // How the chips' cells are read (1T1R or 2T2R, the code's decoder), for the energy model;
  // the default scheme for the ideal chip and injected errors.
  energy::ReadScheme read_scheme;
  energy::InferenceEnergy energy;
  Programming programming;
  std::vector<PlaneSummary> planes; // layers with multi-bit weights, on virtual chips
};

// The device model of a programming condition: its preset, else the programming law's device for
// the condition (a condition file's, as an image stores it: without its verify policy).
device::DeviceModel deviceForCondition(const image::Condition &condition);

// How the cells of chips of `model` are read, for the energy model: 1T1R or 2T2R, and the code's
// decoder.
energy::ReadScheme readScheme(const device::DeviceModel &model);

// Called after each chip: chips done and the population's chip count.
using Progress = std::function<void(int done, int total)>;

class Bench {
public:
  // `inputs` are the samples encoded for a plan of the image's program; `labels` are empty or
  // one per sample, checked (checkLabels). The ideal chip runs here, on `threads` threads.
  Bench(std::shared_ptr<const image::ChipImage> image,
        std::shared_ptr<const emulator::EncodedInputs> inputs, std::vector<int64_t> labels,
        int threads);
  // The same with the image's plan prepared by the caller (emulator::prepare(*image)).
  Bench(std::shared_ptr<const image::ChipImage> image, std::shared_ptr<const emulator::Plan> plan,
        std::shared_ptr<const emulator::EncodedInputs> inputs, std::vector<int64_t> labels,
        int threads);

  const image::ChipImage &image() const { return *image_; }
  const std::vector<int64_t> &labels() const { return labels_; }
  const emulator::RunResult &ideal() const { return ideal_; } // the ideal chip's run

  // Runs the population's chips (several in parallel, one per thread; a single chip splits its
  // samples over the threads). The result depends on the bench and the population only, not on
  // the thread count. Throws bnnc::Error for a population checkPopulation rejects.
  Result evaluate(const Population &population, const Progress &progress = {}) const;

private:
  std::shared_ptr<const image::ChipImage> image_;
  std::shared_ptr<const emulator::Plan> plan_;
  std::shared_ptr<const emulator::EncodedInputs> inputs_;
  std::vector<int64_t> labels_;
  emulator::RunResult ideal_;
  int64_t ideal_correct_ = 0;
};

// A bench of `count` samples of `values` (float32, numel(image input shape) each, already
// scaled), for callers that hold their data in memory (the C++ API, the Python module). Labels
// are checked (checkLabels, naming "labels" and "data").
Bench benchOf(std::shared_ptr<const image::ChipImage> image, const float *values, int64_t count,
              std::vector<int64_t> labels, int threads);

} // namespace bnnc::evaluate
