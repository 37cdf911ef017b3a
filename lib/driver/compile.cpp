// bnnc compile: ONNX -> passes -> mapping -> chip image (+ schedule, + report).
#include "bnnc/driver/driver.h"
#include "bnnc/image/image.h"
#include "bnnc/image/schedule.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "compile_report.h"
#include "options.h"
#include "outputs.h"

#include <filesystem>
#include <new>
#include <ostream>

namespace bnnc::driver {

namespace {

passes::CompileOptions compileOptions(const CompileRequest &r, std::ostream &out) {
  passes::CompileOptions o = inputOptions(r.input_bits, r.input_range);
  o.print_after = r.print_after;
  o.print_stream = r.print_after.empty() ? nullptr : &out;
  return o;
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
  const image::Condition &condition = image::conditionByName(r.condition);
  mapping::Arch arch = r.arch.empty() ? mapping::defaultArch() : mapping::loadArch(r.arch);
  passes::CompileOptions options = compileOptions(r, out);
  Diagnostics diag;
  passes::PassContext ctx{options, diag};
  ir::Program program = passes::compileGraph(onnx::importModel(r.model, diag), ctx);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  image::ChipImage chip{program, mapping::mapProgram(program, arch, r.model), condition};
  std::vector<uint8_t> bytes = image::writeImage(chip);
  image::ScheduleTotals totals = image::scheduleTotals(chip.mapping, condition);
  CompileFacts facts{r.model, r.output, &chip, totals, bytes.size(), diag.warnings};
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
