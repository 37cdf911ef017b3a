// bnnc compile: ONNX -> passes -> mapping -> chip image (+ schedule, + report).
#include "bnnc/device/fault_aware.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/driver/driver.h"
#include "bnnc/image/image.h"
#include "bnnc/image/schedule.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/format.h"
#include "compile_report.h"
#include "options.h"
#include "outputs.h"
#include "run_samples.h"

#include <algorithm>

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

passes::CompileOptions compileOptions(const CompileRequest &r, std::ostream &out) {
  checkPrintAfter(r.print_after);
  if (r.binarize != !r.calibration_data.empty())
    throw UsageError(std::string(r.binarize ? "--binarize" : "--calibration-data") +
                     ": error: --binarize and --calibration-data go together (the activation "
                     "thresholds are calibrated on the data)");
  passes::CompileOptions o = inputOptions(r.input_bits, r.input_range);
  o.print_after = r.print_after;
  o.print_stream = r.print_after.empty() ? nullptr : &out;
  o.binarize = r.binarize;
  return o;
}

// --calibration-data for the model's input, divided by --data-div. Without --input-bits, the
// raw input of a binarized float model is read as 8 bits over the calibration data's range.
void addCalibration(const CompileRequest &r, const ir::Graph &graph, passes::CompileOptions &o,
                    std::ostream &err) {
  if (!o.binarize)
    return;
  RunRequest like;
  like.data = r.calibration_data;
  like.data_divisor = r.data_divisor;
  const ir::Shape &in = graph.inputs.at(0).shape;
  data::Dataset d = loadSamples(like, ir::Shape(in.begin() + 1, in.end()));
  if (d.count == 0)
    throw Error(r.calibration_data + ": error: holds no samples to calibrate on");
  o.calibration = std::move(d.values);
  o.calibration_count = d.count;
  if (o.input_bits)
    return;
  auto [lo, hi] = std::minmax_element(o.calibration.begin(), o.calibration.end());
  if (!(*lo < *hi))
    throw Error(r.calibration_data + ": error: every value is " + formatNumber(*lo) +
                "; give the input's quantization with --input-bits and --input-range");
  o.input_bits = 8, o.input_lo = *lo, o.input_hi = *hi;
  o.input_assumed = true;
  err << r.model << ": warning: --binarize: the raw input is read as --input-bits 8 "
      << "--input-range " << formatNumber(*lo) << "," << formatNumber(*hi)
      << " (the calibration data's range; give both options to choose)\n";
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
  passes::CompileOptions options = compileOptions(r, out);
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(r.model, diag, true);
  addCalibration(r, graph, options, err);
  passes::PassContext ctx{options, diag};
  ir::Program program = passes::compileGraph(std::move(graph), ctx);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  image::ChipImage chip{program, mapping::mapProgram(program, arch, r.model), condition, {}};
  CompileFacts facts{r.model, r.output, &chip, {}, 0, diag.warnings, {}, r.fault_map};
  if (faults) {
    device::FaultAwareReport report;
    chip.cell_map = device::faultAwareCellMap(chip, *faults, arch.spare_cols, report);
    facts.fault_aware = report;
  } else if (arch.spare_cols > 0) { // the image records the chip's spare columns, unused
    chip.cell_map = mapping::identityCellMap(chip.mapping, arch.spare_cols);
  }
  std::vector<uint8_t> bytes = image::writeImage(chip);
  facts.schedule = image::scheduleTotals(chip.mapping, condition);
  facts.image_bytes = bytes.size();
  OutputSet files;
  files.add(r.output, [&](std::ostream &s) {
    s.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
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
