// bnnc run: a chip image on the ideal chip and on virtual chips (the device-accurate run), or an
// ONNX model on the reference interpreter.
#include "bnnc/driver/driver.h"
#include "bnnc/evaluate/evaluate.h"
#include "bnnc/evaluate/reference.h"
#include "bnnc/image/posterior.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/support/file.h"
#include "options.h"
#include "outputs.h"
#include "run_posterior.h"
#include "run_report.h"

#include <cstdio>
#include <ostream>
#include <span>

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
  add(r.plane_impact, "--plane-impact");
  add(r.fault_map.has_value(), "--fault-map");
  return set;
}

// Options that do not go together: device options on an ONNX model or with --ideal; the device
// model or its environment with --ber, which replaces them; --technology on an ONNX model.
void checkUsage(const RunRequest &r) {
  std::vector<std::string> set = deviceOptions(r);
  if (!set.empty() && onnx::isOnnxPath(r.model))
    throw UsageError(set[0] + ": error: device options apply to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter");
  if (!set.empty() && r.ideal)
    throw UsageError(set[0] + ": error: cannot be combined with --ideal (the ideal chip has no "
                              "device)");
  if (r.ideal && onnx::isOnnxPath(r.model))
    throw UsageError("--ideal: error: applies to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter");
  if (r.technology && onnx::isOnnxPath(r.model))
    throw UsageError("--technology: error: applies to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter (no energy report)");
  if (!r.reference.empty() && onnx::isOnnxPath(r.model))
    throw UsageError("--reference: error: applies to chip images; " + r.model +
                     " is an ONNX model, run on the reference interpreter already");
  for (const std::string &flag : set)
    if (r.ber && flag != "--ber" && flag != "--chips" && flag != "--seed" &&
        flag != "--plane-impact")
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

// The population of the flags, without its device model (chosen once the image is read).
evaluate::Population population(const RunRequest &r) {
  evaluate::Population p;
  p.ideal = r.ideal;
  p.ber = r.ber;
  p.environment = environment(r);
  p.chips = r.chips.value_or(1);
  p.seed = r.seed.value_or(1);
  p.threads = r.threads;
  p.plane_impact = r.plane_impact;
  return p;
}

// Option values: exit code 1 with the flag named, as for --threads.
void checkValues(const RunRequest &r) {
  evaluate::Population p = population(r);
  for (const std::optional<evaluate::OptionProblem> &problem :
       {evaluate::checkThreads(r.threads), evaluate::checkDivisor(r.data_divisor),
        evaluate::checkPopulation(p)})
    if (problem)
      throw Error(flagOf(problem->field) + ": error: " + problem->message);
}

// The technology, the device model (--device, else the device of the image's condition: its
// preset, or the programming law's device; a model for another condition is allowed, with a
// warning) and the fault map.
void chooseModels(const RunRequest &r, const image::ChipImage &image, evaluate::Population &p,
                  std::ostream &err) {
  if (r.technology)
    p.technology = energy::loadTechnology(*r.technology);
  if (p.ideal || p.ber)
    return;
  p.device =
      r.device ? device::loadDeviceModel(*r.device) : evaluate::deviceForCondition(image.condition);
  if (r.fault_map) {
    p.fault_map = device::readFaultMap(*r.fault_map);
    device::checkFaultMap(*p.fault_map, image.mapping.arch,
                          image.cell_map ? image.cell_map->spare_cols : 0);
  }
  if (p.device->condition != image.condition.name)
    err << r.model << ": warning: device model '" << p.device->name
        << "' is for programming condition '" << p.device->condition
        << "', the image was compiled for '" << image.condition.name
        << "': the chips have its devices, the programming energy and time reported are those "
           "of '"
        << image.condition.name << "'\n";
}

evaluate::DataFiles dataFiles(const RunRequest &r) {
  return evaluate::DataFiles{r.data, r.labels, r.data_divisor};
}

void writeOutputs(const RunRequest &r, std::span<const float> outputs, int64_t rows, int64_t cols,
                  const std::string &json) {
  OutputSet files;
  files.add(r.outputs, [&](std::ostream &s) { data::writeNpyF32(s, outputs, rows, cols); });
  files.add(r.json, [&](std::ostream &s) { s << json; });
  files.commit();
}

ir::Graph importReported(const std::string &path, std::ostream &err) {
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(path, diag);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  return graph;
}

// The --reference model on the samples the ideal chip ran: its accuracy and agreement.
ReferenceRun referenceRun(const RunRequest &r, const image::ChipImage &image,
                          const evaluate::Bench &bench, std::ostream &err) {
  ir::Graph graph = importReported(r.reference, err);
  const ir::Shape &in = graph.inputs.at(0).shape;
  data::Dataset data = evaluate::loadSamples(dataFiles(r), image.program.input.shape);
  if (ir::numel(in) != ir::numel(data.sample_shape))
    throw Error(r.reference + ": error: the model reads " + ir::shapeString(in) +
                " samples, the data holds " + ir::shapeString(data.sample_shape));
  std::vector<int64_t> p =
      evaluate::runReference(graph, data.values, data.count, r.threads).predictions;
  double n = double(std::max<int64_t>(data.count, 1));
  ReferenceRun ref{r.reference, std::nullopt,
                   double(evaluate::countEqual(p, bench.ideal().predictions)) / n};
  if (!bench.labels().empty())
    ref.accuracy = double(evaluate::countEqual(p, bench.labels())) / n;
  return ref;
}

// "chip 3/10" on stderr, erased when the last chip is done.
evaluate::Progress chipProgress(std::ostream &err) {
  return [&err](int done, int total) {
    err << "\rchip " << done << "/" << total << std::flush;
    if (done == total)
      err << "\r" << std::string(32, ' ') << "\r" << std::flush;
  };
}

void runImage(const RunRequest &r, std::ostream &out, std::ostream &err) {
  std::vector<uint8_t> bytes = readFileBytes(r.model);
  if (image::holdsPosterior(image::inspectImage(bytes, r.model)))
    return runPosterior(r, bytes, out, err);
  auto image = std::make_shared<const image::ChipImage>(image::readImage(bytes, r.model));
  evaluate::DataFiles files = dataFiles(r);
  data::SampleReader reader = evaluate::openSamples(files, image->program.input.shape);
  std::vector<int64_t> labels =
      evaluate::checkedLabels(files, reader.count(), image->program.layers.back().outSize());
  evaluate::Population p = population(r);
  chooseModels(r, *image, p, err);
  std::shared_ptr<const emulator::Plan> plan = emulator::prepare(*image);
  evaluate::InputRangeCount range{&image->program.input};
  evaluate::Bench bench(image, plan,
                        evaluate::encodeSamples(*plan, reader, r.data_divisor, p.threads, &range),
                        std::move(labels), p.threads);
  range.warn(r.data, err);
  bool progress = r.progress && !p.ideal && p.chips > 1;
  evaluate::Result result = bench.evaluate(p, progress ? chipProgress(err) : evaluate::Progress{});
  ChipReport report{r, *image, p, result, std::nullopt};
  if (!r.reference.empty())
    report.reference = referenceRun(r, *image, bench, err);
  writeOutputs(r, result.first.outputs, result.first.samples, result.first.output_size,
               r.json.empty() ? "" : reportJson(report).dump(2) + "\n");
  out << reportText(report);
}

// The source model on the reference interpreter: outputs, predictions and accuracy.
void runReference(const RunRequest &r, std::ostream &out, std::ostream &err) {
  ir::Graph graph = importReported(r.model, err);
  ir::Shape in = graph.inputs.at(0).shape;
  data::Dataset data = evaluate::loadSamples(dataFiles(r), ir::Shape(in.begin() + 1, in.end()));
  evaluate::ReferenceResult ref = evaluate::runReference(graph, data.values, data.count, r.threads);
  nlohmann::ordered_json report = {{"model", r.model},
                                   {"data", r.data},
                                   {"engine", "reference-interpreter"},
                                   {"samples", data.count},
                                   {"classes", ref.classes},
                                   {"predictions", ref.predictions},
                                   {"notes", nlohmann::ordered_json::array()}};
  std::string summary = "model: " + r.model +
                        " (reference-interpreter)\nsamples: " + std::to_string(data.count) + "\n";
  std::vector<int64_t> labels = evaluate::checkedLabels(dataFiles(r), data.count, ref.classes);
  if (!labels.empty()) {
    int64_t correct = evaluate::countEqual(labels, ref.predictions);
    double accuracy = data.count ? double(correct) / double(data.count) : 0;
    report["accuracy"] = accuracy;
    report["correct"] = correct;
    char line[96];
    std::snprintf(line, sizeof line, "accuracy: %.4f (%lld/%lld)\n", accuracy, (long long)correct,
                  (long long)data.count);
    summary += line;
  }
  writeOutputs(r, ref.outputs, data.count, ref.output_size,
               r.json.empty() ? "" : report.dump(2) + "\n");
  out << summary;
}

} // namespace

void run(const RunRequest &r, std::ostream &out, std::ostream &err) {
  checkUsage(r);
  checkValues(r);
  if (onnx::isOnnxPath(r.model))
    runReference(r, out, err);
  else
    runImage(r, out, err);
}

} // namespace bnnc::driver
