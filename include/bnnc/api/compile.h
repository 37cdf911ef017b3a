// Compiling an ONNX model into a chip image over typed options (what bnnc compile does;
// docs/cli.md, "bnnc compile"): import, the passes, the mapping and the image, which records the
// bnnc that wrote it.
#pragma once

#include "bnnc/image/image.h"
#include "bnnc/ir/graph.h"
#include "bnnc/mapping/arch.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/diagnostic.h"
#include "bnnc/support/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::api {

// An ONNX model imported, with the problems of its nodes kept for the compile (which throws them
// all at once with those the passes find) and its warnings.
struct Model {
  std::string path; // names the model in messages
  ir::Graph graph;
  Diagnostics diag;
  ir::Shape sampleShape() const; // one sample of the graph's input, batch excluded
};

// From a file, or from bytes in memory (`path` then names them and resolves external data).
Model importModel(const std::string &path);
Model importModelBytes(const std::string &bytes, const std::string &path);

struct CompileOptions {
  mapping::Arch arch = mapping::defaultArch();
  image::Condition condition = image::conditionByName("typical");
  // The input's quantization, post-training binarization with its calibration samples (float32,
  // the model's input shape, batch first), the IR printed after a pass.
  passes::CompileOptions passes;
  std::string calibration_source; // names the calibration samples in messages
};

// With `binarize` and no input quantization: the raw input read as 8 bits over the calibration
// data's range. Returns the warning that says so, or nothing when the options already have one;
// throws when there is no calibration data or it holds one value only.
std::optional<Diagnostic> assumeInputRange(CompileOptions &options, const std::string &model);

struct Compiled {
  image::ChipImage image;           // writer: "bnnc <version>"
  std::vector<uint8_t> bytes;       // the image file
  std::vector<Diagnostic> warnings; // in the order bnnc compile prints them
};

// Throws bnnc::Error with every problem of the model, one line each.
Compiled compile(Model model, CompileOptions options);
Compiled compile(const std::string &path, CompileOptions options);

} // namespace bnnc::api
