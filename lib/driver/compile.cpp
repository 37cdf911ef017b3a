// bnnc compile: ONNX -> passes -> mapping -> chip image (+ schedule, + report).
#include "bnnc/api/compile.h"
#include "bnnc/device/fault_aware.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/driver/driver.h"
#include "bnnc/evaluate/samples.h"
#include "bnnc/image/schedule.h"
#include "compile_report.h"
#include "options.h"
#include "outputs.h"

#include <filesystem>
#include <new>
#include <ostream>

namespace bnnc::driver {

namespace {

// --print-after names a pass of passes.def, or "all".
void checkPrintAfter(const std::string &name) {
  if (name.empty() || name == "all")
    return;
  std::string names;
  for (const passes::PassInfo &p : passes::passList()) {
    if (name == p.name)
      return;
    names += std::string(p.name) + ", ";
  }
  throw UsageError("--print-after: error: unknown pass '" + name + "' (passes: " + names +
                   "or all)");
}

api::CompileOptions compileOptions(const CompileRequest &r, std::ostream &out) {
  checkPrintAfter(r.print_after);
  if (r.binarize != !r.calibration_data.empty())
    throw UsageError(std::string(r.binarize ? "--binarize" : "--calibration-data") +
                     ": error: --binarize and --calibration-data go together (the activation "
                     "thresholds are calibrated on the data)");
  api::CompileOptions o;
  o.passes = inputOptions(r.input_bits, r.input_range);
  o.passes.print_after = r.print_after;
  o.passes.print_stream = r.print_after.empty() ? nullptr : &out;
  o.passes.binarize = r.binarize;
  o.calibration_source = r.calibration_data;
  return o;
}

// --calibration-data for the model's input, divided by --data-div. Without --input-bits, the
// raw input of a binarized float model is read as 8 bits over the calibration data's range.
void addCalibration(const CompileRequest &r, const api::Model &model, api::CompileOptions &o,
                    std::ostream &err) {
  if (!o.passes.binarize)
    return;
  data::Dataset d = evaluate::loadSamples(
      evaluate::DataFiles{r.calibration_data, "", r.data_divisor}, model.sampleShape());
  o.passes.calibration = std::move(d.values);
  o.passes.calibration_count = d.count;
  if (std::optional<Diagnostic> warning = api::assumeInputRange(o, r.model))
    err << warning->text << "\n";
}

// Streamed from the mapping: the schedule is never held in memory (2 operations per cell).
// The format follows the extension: .json, .bsched (binary) or anything else CSV.
void writeSchedule(std::ostream &out, const std::string &path, const mapping::Mapping &mapping,
                   const image::Condition &c) {
  std::filesystem::path extension = std::filesystem::path(path).extension();
  if (extension == ".json")
    image::streamScheduleJson(out, mapping, c);
  else if (extension == ".bsched")
    image::streamScheduleBinary(out, mapping, c);
  else
    image::streamScheduleCsv(out, mapping, c);
}

} // namespace

namespace {

void compileChecked(const CompileRequest &r, std::ostream &out, std::ostream &err) {
  // Everything that can fail on bad input happens before the first output file is written.
  const image::Condition condition = device::loadCondition(r.condition).condition;
  mapping::Arch arch = r.arch.empty() ? mapping::defaultArch() : mapping::loadArch(r.arch);
  std::optional<device::FaultMap> faults;
  if (!r.fault_map.empty()) {
    faults = device::readFaultMap(r.fault_map);
    device::checkFaultMap(*faults, arch, arch.spare_cols);
  }
  api::CompileOptions options = compileOptions(r, out);
  options.condition = condition;
  options.arch = arch;
  api::Model model = api::importModel(r.model);
  addCalibration(r, model, options, err);
  api::Compiled compiled = api::compile(std::move(model), std::move(options));
  std::vector<std::string> warnings;
  for (const Diagnostic &w : compiled.warnings) {
    err << w.text << "\n";
    warnings.push_back(w.text);
  }
  image::ChipImage &chip = compiled.image;
  CompileFacts facts{r.model, r.output, &chip, {}, 0, warnings, {}, r.fault_map};
  if (faults) { // the cells placed around the chip's stuck devices, then written again
    device::FaultAwareReport report;
    chip.cell_map = device::faultAwareCellMap(chip, *faults, arch.spare_cols, report);
    facts.fault_aware = report;
    compiled.bytes = image::writeImage(chip);
  }
  facts.schedule = image::scheduleTotals(chip.mapping, condition);
  facts.image_bytes = compiled.bytes.size();
  OutputSet files;
  files.add(r.output, [&](std::ostream &s) {
    s.write(reinterpret_cast<const char *>(compiled.bytes.data()),
            std::streamsize(compiled.bytes.size()));
  });
  files.add(r.schedule,
            [&](std::ostream &s) { writeSchedule(s, r.schedule, chip.mapping, condition); });
  files.add(r.report, [&](std::ostream &s) { s << compileReportJson(facts).dump(2) << "\n"; });
  files.commit();
  printCompileReport(out, facts);
}

} // namespace

// The limits (docs/limits.md) keep every allocation bounded; should memory still run out, the
// user gets an error naming the model, and the output files are not written (they come last).
void compile(const CompileRequest &r, std::ostream &out, std::ostream &err) {
  try {
    compileChecked(r, out, err);
  } catch (const std::bad_alloc &) {
    throw Error(r.model + ": error: out of memory while compiling this model");
  }
}

} // namespace bnnc::driver
