// bnnc run: a chip image on the ideal chip and on virtual chips (the device-accurate run), or an
// ONNX model on the reference interpreter.
#include "bnnc/data/dataset.h"
#include "bnnc/device/programming_law.h"
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
#include "run_samples.h"

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
  add(r.fault_map.has_value(), "--fault-map");
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
  if (!r.reference.empty() && isOnnxPath(r.model))
    throw UsageError("--reference: error: applies to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter already");
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

// The device model of an image's condition: its preset, else the programming law's device for
// the condition the image stores (a condition file's; without its verify policy, which the image
// does not hold).
device::DeviceModel deviceForCondition(const image::Condition &c) {
  for (const device::DeviceModel &m : device::devicePresets())
    if (m.name == c.name)
      return m;
  return device::lawDevice(device::defaultProgrammingLaw(), c);
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
  s.model = r.device ? device::loadDeviceModel(*r.device) : deviceForCondition(image.condition);
  if (r.fault_map) {
    s.faults = device::readFaultMap(*r.fault_map);
    device::checkFaultMap(*s.faults, image.mapping.arch,
                          image.cell_map ? image.cell_map->spare_cols : 0);
  }
  if (s.model.condition != image.condition.name)
    err << path << ": warning: device model '" << s.model.name << "' is for programming condition '"
        << s.model.condition << "', the image was compiled for '" << image.condition.name
        << "': the chips have its devices, the programming energy and time reported are those "
           "of '"
        << image.condition.name << "'\n";
  return s;
}

} // namespace

namespace {

void writeOutputs(const RunRequest &r, const std::vector<float> &outputs, int64_t rows,
                  int64_t cols, const std::string &json) {
  OutputSet files;
  files.add(r.outputs, [&](std::ostream &s) { data::writeNpyF32(s, outputs, rows, cols); });
  files.add(r.json, [&](std::ostream &s) { s << json; });
  files.commit();
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

// What a model outputs per sample: `size` values whose argmax is the prediction, or, when the
// output is the index TopK or ArgMax takes of `classes` scores, the predicted class itself.
struct OutputForm {
  int64_t size = 0, classes = 0;
  bool index = false;
};

OutputForm outputForm(const ir::Graph &graph) {
  const ir::Value &out = graph.outputs.at(0);
  OutputForm form;
  form.size = form.classes = ir::numel(ir::Shape(out.shape.begin() + 1, out.shape.end()));
  const ir::Node *p = graph.producerOf(out.name);
  bool topk = p && p->op == "TopK" && p->outputs.size() > 1 && p->outputs[1] == out.name;
  if (out.dtype == ir::DType::Int64 && p && (topk || p->op == "ArgMax") && form.size == 1) {
    const ir::Shape &scores = graph.values.at(p->inputs[0]).shape;
    form.index = true;
    form.classes = scores.empty() ? 1 : scores.back();
  }
  return form;
}

ir::Graph importReported(const std::string &path, std::ostream &err) {
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(path, diag);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  return graph;
}

// Runs a model on the reference interpreter over `data`: its outputs and predictions.
std::vector<int64_t> referencePredictions(const ir::Graph &graph, const data::Dataset &data,
                                          int threads, std::vector<float> *outputs) {
  OutputForm form = outputForm(graph);
  std::vector<float> y = ir::runGraphBatch(graph, data.values, data.count, threads);
  std::vector<int64_t> predictions = argmaxRows(y, data.count, form.size);
  if (form.index)
    for (int64_t i = 0; i < data.count; ++i)
      predictions[size_t(i)] = int64_t(y[size_t(i)]);
  if (outputs)
    *outputs = std::move(y);
  return predictions;
}

ReferenceRun referenceRun(const RunRequest &r, const data::Dataset &data,
                          const std::vector<int64_t> &labels, const ChipRuns &runs,
                          std::ostream &err) {
  ir::Graph graph = importReported(r.reference, err);
  const ir::Shape &in = graph.inputs.at(0).shape;
  if (ir::numel(in) != ir::numel(data.sample_shape))
    throw Error(r.reference + ": error: the model reads " + ir::shapeString(in) +
                " samples, the data holds " + ir::shapeString(data.sample_shape));
  std::vector<int64_t> p = referencePredictions(graph, data, r.threads, nullptr);
  ReferenceRun ref{r.reference, std::nullopt, 0};
  int64_t same = 0, correct = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    same += p[i] == runs.ideal.predictions[i];
    correct += !labels.empty() && p[i] == labels[i];
  }
  double n = double(std::max<int64_t>(data.count, 1));
  ref.agreement = double(same) / n;
  if (!labels.empty())
    ref.accuracy = double(correct) / n;
  return ref;
}

void runImage(const RunRequest &r, std::ostream &out, std::ostream &err) {
  std::vector<uint8_t> bytes = readFileBytes(r.model);
  if (image::holdsPosterior(image::inspectImage(bytes, r.model)))
    return runPosterior(r, bytes, out, err);
  image::ChipImage image = image::readImage(bytes, r.model);
  data::SampleReader reader = openSamples(r, image.program.input.shape);
  std::vector<int64_t> labels =
      checkedLabels(r, reader.count(), image.program.layers.back().outSize());
  ChipSetup setup = chipSetup(r, image, r.model, err);
  bool progress = r.progress && !setup.ideal && setup.chips > 1;
  std::shared_ptr<const emulator::Plan> plan = emulator::prepare(image);
  InputRangeCount range{&image.program.input};
  IdealRun ideal =
      runIdeal(plan, encodeSamples(r, *plan, reader, setup.threads, &range), labels, setup.threads);
  range.warn(r.data, err);
  ChipRuns runs = runChips(image, ideal, labels, setup, progress ? &err : nullptr);
  ChipReport report = makeReport(r, image, setup, runs, labels);
  if (!r.reference.empty())
    report.reference =
        referenceRun(r, loadSamples(r, image.program.input.shape), labels, runs, err);
  writeOutputs(r, runs.first.outputs, runs.first.samples, runs.first.output_size,
               r.json.empty() ? "" : reportJson(report).dump(2) + "\n");
  out << reportText(report);
}

// The source model on the reference interpreter: outputs, predictions and accuracy.
void runReference(const RunRequest &r, std::ostream &out, std::ostream &err) {
  ir::Graph graph = importReported(r.model, err);
  ir::Shape in = graph.inputs.at(0).shape;
  data::Dataset data = loadSamples(r, ir::Shape(in.begin() + 1, in.end()));
  OutputForm form = outputForm(graph);
  int64_t classes = form.classes;
  std::vector<float> outputs;
  std::vector<int64_t> predictions = referencePredictions(graph, data, r.threads, &outputs);
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
  writeOutputs(r, outputs, data.count, form.size, r.json.empty() ? "" : report.dump(2) + "\n");
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
