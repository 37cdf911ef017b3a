// bnnc run: a chip image on the ideal chip and on virtual chips (the device-accurate run), or an
// ONNX model on the reference interpreter.
#include "bnnc/data/dataset.h"
#include "bnnc/driver/driver.h"
#include "bnnc/image/image.h"
#include "bnnc/image/posterior.h"
#include "bnnc/ir/interpreter.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/support/file.h"
#include "bnnc/support/format.h"
#include "options.h"
#include "outputs.h"
#include "run_chips.h"
#include "run_posterior.h"
#include "run_report.h"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace bnnc::driver {

namespace {

// The device options as given, by flag name; empty when none is set.
std::vector<std::string> deviceOptions(const RunRequest &r) {
  std::vector<std::string> set;
  auto add = [&set](bool given, const char *flag) {
    if (given)
      set.push_back(flag);
  };
  add(r.device.has_value(), "--device");
  add(r.chips.has_value(), "--chips");
  add(r.seed.has_value(), "--seed");
  add(r.ber.has_value(), "--ber");
  add(r.cycles.has_value(), "--cycles");
  add(r.retention_s.has_value(), "--retention-time");
  add(r.temperature_k.has_value(), "--temperature");
  return set;
}

// Options that do not go together: device options on an ONNX model or with --ideal; the device
// model or its environment with --ber, which replaces them; --technology on an ONNX model.
void checkUsage(const RunRequest &r) {
  std::vector<std::string> set = deviceOptions(r);
  if (!set.empty() && isOnnxPath(r.model))
    throw UsageError(set[0] + ": error: device options apply to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter");
  if (!set.empty() && r.ideal)
    throw UsageError(set[0] + ": error: cannot be combined with --ideal (the ideal chip has no "
                              "device)");
  if (r.ideal && isOnnxPath(r.model))
    throw UsageError("--ideal: error: applies to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter");
  if (r.technology && isOnnxPath(r.model))
    throw UsageError("--technology: error: applies to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter (no energy report)");
  for (const std::string &flag : set)
    if (r.ber && flag != "--ber" && flag != "--chips" && flag != "--seed")
      throw UsageError(flag + ": error: cannot be combined with --ber (--ber replaces the "
                              "device model)");
}

device::Environment environment(const RunRequest &r) {
  device::Environment env;
  env.cycles = r.cycles.value_or(0);
  env.retention_s = r.retention_s.value_or(0);
  env.temperature_k = r.temperature_k.value_or(300);
  return env;
}

// Option values: exit code 1 with the flag named, as for --threads.
void checkValues(const RunRequest &r) {
  if (r.threads < 1)
    throw Error("--threads: error: must be at least 1, got " + std::to_string(r.threads));
  if (!(r.data_divisor > 0) || !std::isfinite(r.data_divisor))
    throw Error("--data-div: error: must be a positive number");
  if (r.chips && *r.chips < 1)
    throw Error("--chips: error: must be at least 1, got " + std::to_string(*r.chips));
  if (r.ber && !(*r.ber >= 0 && *r.ber <= 1))
    throw Error("--ber: error: must be a number in [0, 1], got " + formatNumber(*r.ber));
  if (std::optional<device::EnvironmentProblem> p = device::checkEnvironment(environment(r))) {
    std::string flag = p->field == "cycles"        ? "--cycles"
                       : p->field == "retention_s" ? "--retention-time"
                                                   : "--temperature";
    throw Error(flag + ": error: " + p->message);
  }
}

ChipSetup chipSetup(const RunRequest &r, const image::ChipImage &image, const std::string &path,
                    std::ostream &err) {
  ChipSetup s;
  s.ideal = r.ideal;
  s.ber = r.ber;
  s.chips = r.chips.value_or(1);
  s.seed = r.seed.value_or(1);
  s.threads = r.threads;
  s.env = environment(r);
  if (r.technology)
    s.technology = energy::loadTechnology(*r.technology);
  if (s.ideal || s.ber)
    return s;
  s.model = device::loadDeviceModel(r.device.value_or(image.condition.name));
  if (s.model.condition != image.condition.name)
    err << path << ": warning: the image was compiled for programming condition '"
        << image.condition.name << "' and device model '" << s.model.name << "' describes '"
        << s.model.condition << "'; programming energy and time are those of '"
        << image.condition.name << "'\n";
  return s;
}

} // namespace

// Loads the data, divides it by --data-div in float32 (as x / 255. in PyTorch) and checks its
// shape.
data::Dataset loadSamples(const RunRequest &r, const ir::Shape &sample_shape) {
  data::Dataset data = data::loadData(r.data);
  if (r.data_divisor != 1)
    for (float &v : data.values)
      v = v / static_cast<float>(r.data_divisor);
  data::checkSampleShape(data, sample_shape, r.data);
  return data;
}

// Labels: one per sample, each a class index of the output; empty without --labels.
std::vector<int64_t> checkedLabels(const RunRequest &r, int64_t samples, int64_t classes) {
  if (r.labels.empty())
    return {};
  std::vector<int64_t> labels = data::loadLabels(r.labels);
  if (int64_t(labels.size()) != samples)
    throw Error(r.labels + ": error: " + std::to_string(labels.size()) + " labels for " +
                std::to_string(samples) + " samples in " + r.data);
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw Error(r.labels + ": error: label " + std::to_string(i) + " is " +
                  std::to_string(labels[i]) + ", outside the model's " + std::to_string(classes) +
                  " classes");
  return labels;
}

namespace {

void writeOutputs(const RunRequest &r, const std::vector<float> &outputs, int64_t rows,
                  int64_t cols, const std::string &json) {
  OutputSet files;
  files.add(r.outputs, [&](std::ostream &s) { data::writeNpyF32(s, outputs, rows, cols); });
  files.add(r.json, [&](std::ostream &s) { s << json; });
  files.commit();
}

void runImage(const RunRequest &r, std::ostream &out, std::ostream &err) {
  std::vector<uint8_t> bytes = readFileBytes(r.model);
  if (image::holdsPosterior(image::inspectImage(bytes, r.model)))
    return runPosterior(r, bytes, out, err);
  image::ChipImage image = image::readImage(bytes, r.model);
  data::Dataset data = loadSamples(r, image.program.input.shape);
  std::vector<int64_t> labels = checkedLabels(r, data.count, image.program.layers.back().outSize());
  ChipSetup setup = chipSetup(r, image, r.model, err);
  bool progress = r.progress && !setup.ideal && setup.chips > 1;
  ChipRuns runs =
      runChips(image, data.values, data.count, labels, setup, progress ? &err : nullptr);
  ChipReport report = makeReport(r, image, setup, runs, labels);
  writeOutputs(r, runs.first.outputs, runs.first.samples, runs.first.classes,
               r.json.empty() ? "" : reportJson(report).dump(2) + "\n");
  out << reportText(report);
}

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

// The source model on the reference interpreter: outputs, predictions and accuracy.
void runReference(const RunRequest &r, std::ostream &out, std::ostream &err) {
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(r.model, diag);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  ir::Shape in = graph.inputs.at(0).shape, shape = graph.outputs.at(0).shape;
  data::Dataset data = loadSamples(r, ir::Shape(in.begin() + 1, in.end()));
  int64_t classes = ir::numel(ir::Shape(shape.begin() + 1, shape.end()));
  std::vector<float> outputs = ir::runGraphBatch(graph, data.values, data.count, r.threads);
  std::vector<int64_t> predictions = argmaxRows(outputs, data.count, classes);
  nlohmann::ordered_json report = {{"model", r.model},
                                   {"data", r.data},
                                   {"engine", "reference-interpreter"},
                                   {"samples", data.count},
                                   {"classes", classes},
                                   {"predictions", predictions},
                                   {"notes", nlohmann::ordered_json::array()}};
  std::string summary = "model: " + r.model +
                        " (reference-interpreter)\nsamples: " + std::to_string(data.count) + "\n";
  std::vector<int64_t> labels = checkedLabels(r, data.count, classes);
  if (!labels.empty()) {
    int64_t correct = 0;
    for (size_t i = 0; i < labels.size(); ++i)
      correct += labels[i] == predictions[i];
    double accuracy = data.count ? double(correct) / double(data.count) : 0;
    report["accuracy"] = accuracy;
    report["correct"] = correct;
    char line[96];
    std::snprintf(line, sizeof line, "accuracy: %.4f (%lld/%lld)\n", accuracy, (long long)correct,
                  (long long)data.count);
    summary += line;
  }
  writeOutputs(r, outputs, data.count, classes, r.json.empty() ? "" : report.dump(2) + "\n");
  out << summary;
}

} // namespace

void run(const RunRequest &r, std::ostream &out, std::ostream &err) {
  checkUsage(r);
  checkValues(r);
  if (isOnnxPath(r.model))
    runReference(r, out, err);
  else
    runImage(r, out, err);
}

} // namespace bnnc::driver
