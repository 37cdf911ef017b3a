// Compiling a model into a chip image (see bnnc/api/compile.h).
#include "bnnc/api/compile.h"

#include "bnnc/onnx/importer.h"
#include "bnnc/support/format.h"
#include "bnnc/support/version.h"

#include <algorithm>

namespace bnnc::api {

ir::Shape Model::sampleShape() const {
  const ir::Shape &in = graph.inputs.at(0).shape;
  return ir::Shape(in.begin() + 1, in.end());
}

Model importModel(const std::string &path) {
  Model m{path, {}, {}};
  m.graph = onnx::importModel(path, m.diag, true);
  return m;
}

Model importModelBytes(const std::string &bytes, const std::string &path) {
  Model m{path, {}, {}};
  m.graph = onnx::importModelBytes(bytes, path, m.diag, true);
  return m;
}

std::optional<Diagnostic> assumeInputRange(CompileOptions &options, const std::string &model) {
  passes::CompileOptions &o = options.passes;
  if (!o.binarize)
    return std::nullopt;
  if (o.calibration_count == 0)
    throw Error(options.calibration_source + ": error: holds no samples to calibrate on");
  if (o.input_bits)
    return std::nullopt;
  auto [lo, hi] = std::minmax_element(o.calibration.begin(), o.calibration.end());
  if (!(*lo < *hi))
    throw Error(options.calibration_source + ": error: every value is " + formatNumber(*lo) +
                "; give the input's quantization with --input-bits and --input-range");
  o.input_bits = 8, o.input_lo = *lo, o.input_hi = *hi;
  o.input_assumed = true;
  return parseDiagnostic(model + ": warning: --binarize: the raw input is read as --input-bits 8 " +
                         "--input-range " + formatNumber(*lo) + "," + formatNumber(*hi) +
                         " (the calibration data's range; give both options to choose)");
}

Compiled compile(Model model, CompileOptions options) {
  Compiled out;
  if (std::optional<Diagnostic> warning = assumeInputRange(options, model.path))
    out.warnings.push_back(*warning);
  passes::PassContext ctx{options.passes, model.diag};
  ir::Program program = passes::compileGraph(std::move(model.graph), ctx);
  for (const std::string &w : model.diag.warnings)
    out.warnings.push_back(parseDiagnostic(w));
  mapping::Mapping mapped = mapping::mapProgram(program, options.arch, model.path);
  out.image =
      image::ChipImage{std::move(program), std::move(mapped), options.condition, writerName()};
  if (options.arch.spare_cols > 0) // the image records the chip's spare columns, unused
    out.image.cell_map = mapping::identityCellMap(out.image.mapping, options.arch.spare_cols);
  out.bytes = image::writeImage(out.image);
  return out;
}

Compiled compile(const std::string &path, CompileOptions options) {
  return compile(importModel(path), std::move(options));
}

} // namespace bnnc::api
