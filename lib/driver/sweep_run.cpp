// The model, the samples and one point's run.
#include "sweep_run.h"

#include "bnnc/data/dataset.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "options.h"
#include "run_report.h"
#include "run_samples.h"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace bnnc::driver::dse {

Images::Images(const SweepRequest &r, std::ostream &err)
    : model_(r.model), onnx_(isOnnxPath(r.model)) {
  if (!onnx_) {
    image::ChipImage chip = image::readImage(readFileBytes(r.model), r.model);
    program_ = chip.program;
    images_.emplace(archKey(chip.mapping.arch), std::move(chip));
    return;
  }
  // An ONNX model: imported and lowered once; the images per architecture come in get().
  passes::CompileOptions o = inputOptions(r.input_bits, r.input_range);
  Diagnostics diag;
  passes::PassContext ctx{o, diag};
  program_ = passes::compileGraph(onnx::importModel(r.model, diag, true), ctx);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
}

Defaults Images::defaults() const {
  Defaults d{onnx_, model_, mapping::defaultArch(), "typical"};
  if (!onnx_) {
    const image::ChipImage &chip = images_.begin()->second;
    d.arch = chip.mapping.arch;
    d.condition = chip.condition.name;
  }
  return d;
}

image::ChipImage &Images::get(const PointConfig &c, const std::string &place) {
  std::string key = archKey(c.arch);
  auto it = images_.find(key);
  if (it == images_.end()) {
    try {
      // Written and read back: the point runs exactly the image bnnc compile would write.
      image::ChipImage chip{program_,
                            mapping::mapProgram(program_, c.arch, model_),
                            device::loadCondition(c.condition).condition,
                            {}};
      it = images_.emplace(key, image::readImage(image::writeImage(chip), model_)).first;
    } catch (const Error &e) {
      throw Error(place + ": " + e.what());
    }
  }
  if (it->second.condition.name != c.condition) // the condition is the programming's only
    it->second.condition = device::loadCondition(c.condition).condition;
  return it->second;
}

const IdealRun &Images::ideal(const PointConfig &c, const Samples &samples, int threads) {
  std::string key = archKey(c.arch);
  auto it = ideals_.find(key);
  if (it == ideals_.end()) {
    std::shared_ptr<const emulator::Plan> plan = emulator::prepare(images_.at(key));
    if (!encoded_) // every architecture runs the same program's input stage
      encoded_ = std::make_shared<const emulator::EncodedInputs>(
          emulator::encodeInputs(*plan, samples.values.data(), samples.count, threads));
    it = ideals_.emplace(key, runIdeal(plan, encoded_, samples.labels, threads)).first;
  }
  return it->second;
}

Samples loadSamples(const SweepRequest &r, const ir::Program &program) {
  RunRequest run; // the data options, checked as bnnc run checks them
  run.data = r.data;
  run.labels = r.labels;
  run.data_divisor = r.data_divisor;
  data::Dataset data = driver::loadSamples(run, program.input.shape);
  Samples s{std::move(data.values), data.count,
            checkedLabels(run, data.count, program.layers.back().outSize())};
  // --samples N: the first N samples (and labels), for quick looks.
  if (r.samples) {
    if (*r.samples < 1 || *r.samples > s.count)
      throw Error("--samples: error: must be in [1, " + std::to_string(s.count) +
                  "] (the samples in " + r.data + "), got " + std::to_string(*r.samples));
    int64_t per_sample = int64_t(s.values.size()) / s.count;
    s.count = *r.samples;
    s.values.resize(size_t(s.count * per_sample));
    if (!s.labels.empty())
      s.labels.resize(size_t(s.count));
  }
  return s;
}

json runPoint(const image::ChipImage &image, const IdealRun &ideal, const PointConfig &c,
              const Samples &samples, const energy::Technology &technology, const SweepRequest &r) {
  ChipSetup setup;
  setup.ber = c.ber;
  setup.model = c.device;
  setup.env = c.env;
  setup.faults = c.faults;
  if (c.faults)
    device::checkFaultMap(*c.faults, image.mapping.arch,
                          image.cell_map ? image.cell_map->spare_cols : 0);
  setup.chips = c.chips;
  setup.seed = c.seed;
  setup.threads = r.threads;
  setup.technology = technology;
  // bnnc run's own steps: the ideal chip and the point's chips, then the report's numbers.
  ChipRuns runs = runChips(image, ideal, samples.labels, setup, nullptr);
  RunRequest request;
  request.model = r.model;
  request.data = r.data;
  ChipReport report = makeReport(request, image, setup, runs, samples.labels);
  int64_t cells = 0; // used cells: the rows x columns a tile holds of its layer
  for (const mapping::Tile &t : image.mapping.tiles)
    cells += t.rows * t.cols;
  const std::optional<Accuracy> &a = report.accuracy;
  json out;
  out["accuracy"] = a ? json(a->mean) : json(nullptr);
  out["accuracy_ci95_lo"] = a ? json(a->ci95.lo) : json(nullptr);
  out["accuracy_ci95_hi"] = a ? json(a->ci95.hi) : json(nullptr);
  out["ideal_accuracy"] = a ? json(a->ideal) : json(nullptr);
  out["prediction_change_fraction"] = report.change_fraction;
  const emulator::ReadCounts &reads = report.reads;
  out["observed_ber"] =
      reads.cell_reads ? double(reads.wrong_reads) / double(reads.cell_reads) : 0.0;
  out["cell_ber"] = report.cell_ber;
  out["energy_per_inference_pj"] = report.energy.energy_per_inference_pj;
  out["latency_per_inference_ns"] = report.energy.latency_per_inference_ns;
  out["programming_energy_nj"] = report.programming.energy_nj;
  out["programming_time_us"] = report.programming.time_us;
  out["cells_used"] = cells;
  out["tiles_used"] = int64_t(image.mapping.tiles.size());
  return out;
}

std::string resultSummary(const json &results) {
  char buf[128];
  const json &a = results["accuracy"];
  std::snprintf(buf, sizeof buf, "observed BER %.3g", results["observed_ber"].get<double>());
  return (a.is_null() ? "" : "accuracy " + std::to_string(a.get<double>()).substr(0, 6) + ", ") +
         buf;
}

} // namespace bnnc::driver::dse
