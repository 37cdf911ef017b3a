// bnnc run: a chip image on the ideal chip, or an ONNX model on the reference interpreter.
#include "bnnc/data/dataset.h"
#include "bnnc/driver/driver.h"
#include "bnnc/emulator/emulator.h"
#include "bnnc/image/image.h"
#include "bnnc/ir/interpreter.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/support/file.h"
#include "outputs.h"

#include <nlohmann/json.hpp>
#include <cmath>
#include <ostream>

namespace bnnc::driver {

namespace {

struct Outcome {
  std::string engine;
  std::vector<std::string> notes;
  emulator::RunResult result;
};

std::vector<int64_t> argmaxRows(const std::vector<float> &v, int64_t rows, int64_t cols) {
  std::vector<int64_t> out(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    const float *row = &v[size_t(r * cols)];
    int64_t best = 0;
    for (int64_t c = 1; c < cols; ++c)
      best = row[c] > row[best] ? c : best;
    out[size_t(r)] = best;
  }
  return out;
}

// Loads the data, divides it by --data-div in float32 (as x / 255. in PyTorch) and checks its shape.
data::Dataset loadSamples(const RunRequest &r, const ir::Shape &sample_shape) {
  data::Dataset data = data::loadData(r.data);
  if (r.data_divisor != 1)
    for (float &v : data.values)
      v = v / static_cast<float>(r.data_divisor);
  data::checkSampleShape(data, sample_shape, r.data);
  return data;
}

Outcome runReference(const RunRequest &r, std::ostream &err) {
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(r.model, diag);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  ir::Shape in = graph.inputs.at(0).shape, out = graph.outputs.at(0).shape;
  data::Dataset data = loadSamples(r, ir::Shape(in.begin() + 1, in.end()));
  Outcome o{"reference-interpreter", {}, {}};
  o.result.samples = data.count;
  o.result.classes = ir::numel(ir::Shape(out.begin() + 1, out.end()));
  o.result.outputs = ir::runGraphBatch(graph, data.values, data.count, r.threads);
  o.result.predictions = argmaxRows(o.result.outputs, data.count, o.result.classes);
  return o;
}

Outcome runImage(const RunRequest &r) {
  image::ChipImage chip = image::readImage(readFileBytes(r.model), r.model);
  data::Dataset data = loadSamples(r, chip.program.input.shape);
  emulator::RunOptions options;
  options.threads = r.threads;
  return {"ideal-chip", chip.program.notes,
          emulator::runChip(chip, data.values, data.count, options)};
}

// Labels: one per sample, each a class index of the output.
std::vector<int64_t> checkedLabels(const RunRequest &r, const emulator::RunResult &res) {
  std::vector<int64_t> labels = data::loadLabels(r.labels);
  if (int64_t(labels.size()) != res.samples)
    throw Error(r.labels + ": error: " + std::to_string(labels.size()) + " labels for " +
                std::to_string(res.samples) + " samples in " + r.data);
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= res.classes)
      throw Error(r.labels + ": error: label " + std::to_string(i) + " is " +
                  std::to_string(labels[i]) + ", outside the model's " +
                  std::to_string(res.classes) + " classes");
  return labels;
}

} // namespace

void run(const RunRequest &r, std::ostream &out, std::ostream &err) {
  if (r.threads < 1)
    throw Error("--threads: error: must be at least 1, got " + std::to_string(r.threads));
  if (!(r.data_divisor > 0) || !std::isfinite(r.data_divisor))
    throw Error("--data-div: error: must be a positive number");
  Outcome o = isOnnxPath(r.model) ? runReference(r, err) : runImage(r);
  const emulator::RunResult &res = o.result;
  nlohmann::json report = {{"model", r.model},        {"data", r.data},
                           {"engine", o.engine},      {"samples", res.samples},
                           {"classes", res.classes},  {"predictions", res.predictions},
                           {"notes", o.notes}};
  std::string summary = "model: " + r.model + " (" + o.engine + ")\nsamples: " +
                        std::to_string(res.samples) + "\n";
  if (!r.labels.empty()) {
    std::vector<int64_t> labels = checkedLabels(r, res);
    int64_t correct = 0;
    for (size_t i = 0; i < labels.size(); ++i)
      correct += labels[i] == res.predictions[i];
    double accuracy = res.samples ? double(correct) / double(res.samples) : 0;
    report["accuracy"] = accuracy;
    report["correct"] = correct;
    char line[96];
    std::snprintf(line, sizeof line, "accuracy: %.4f (%lld/%lld)\n", accuracy, (long long)correct,
                  (long long)res.samples);
    summary += line;
  }
  for (const std::string &note : o.notes)
    summary += "note: " + note + "\n";
  OutputSet files;
  files.add(r.outputs, [&](std::ostream &s) {
    data::writeNpyF32(s, res.outputs, res.samples, res.classes);
  });
  files.add(r.json, [&](std::ostream &s) { s << report.dump(2) << "\n"; });
  files.commit();
  out << summary;
}

} // namespace bnnc::driver
