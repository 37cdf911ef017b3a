// The compiler's passes: the graph IR (as imported and constant-folded) is rewritten into a
// canonical form, then lowered to the layer program (include/bnnc/ir/program.h).
//
// The pipeline is the list in lib/passes/passes.def, run in that order by compileGraph.
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/ir/print.h"
#include "bnnc/ir/program.h"
#include "bnnc/support/error.h"

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::passes {

struct CompileOptions {
  std::optional<int> input_bits;  // --input-bits: quantization of a raw (not binarized) input
  std::optional<double> input_lo; // --input-range LO,HI
  std::optional<double> input_hi;
  bool input_assumed = false; // the input options are a default (bnnc inspect), not the user's
  // --binarize: post-training binarization of weights and activations, the activation
  // thresholds calibrated on `calibration_count` samples (float32, batch first).
  bool binarize = false;
  std::vector<float> calibration;
  int64_t calibration_count = 0;
  std::string print_after; // print the IR after this pass ("all" for every pass)
  std::ostream *print_stream = nullptr;
};

struct PassContext {
  const CompileOptions &options;
  Diagnostics &diag;
  // When set, passes record what they did with each node, by node name (for `bnnc inspect`).
  std::map<std::string, std::string> *roles = nullptr;
  // What graph passes changed in the model, for the program's notes (the compile report).
  std::vector<std::string> notes = {};
  void role(const std::string &node, const std::string &what) {
    if (roles)
      (*roles)[node] = what;
  }
};

// Graph-to-graph passes.
void canonicalizeBinarizers(ir::Graph &graph, PassContext &ctx);
void eliminateNoOps(ir::Graph &graph, PassContext &ctx);
void binarizeModel(ir::Graph &graph, PassContext &ctx);
void findBlockers(ir::Graph &graph, PassContext &ctx);
// The last pass: lowers the canonical graph to the layer program.
ir::Program lowerToProgram(const ir::Graph &graph, PassContext &ctx);

// Runs the whole pipeline. Problems recorded in ctx.diag (by the importer with keep_going, or
// by find-blockers) stop it before the lowering: it throws them all (Diagnostics::throwProblems);
// an error a graph pass throws joins them.
ir::Program compileGraph(ir::Graph graph, PassContext &ctx);

struct PassInfo {
  const char *name;
  const char *description;
};
// Every pass in pipeline order, including the final lowering.
const std::vector<PassInfo> &passList();

// Text dumps used by --print-after and the golden tests, in the IR's module (bnnc/ir/print.h).
using ir::printGraph;
using ir::printProgram;

// The canonical binarizer: out = (strict ? x > t : x >= t) ? scale : -scale, t a constant
// broadcast against x (input 1). Attributes: "strict" (int), "scale" (float), "from_sign" (int,
// 1 when it came from ONNX Sign, whose Sign(0) = 0 the chip maps to +scale).
constexpr const char *kBinarizeOp = "Binarize";
constexpr const char *kBnncDomain = "bnnc";

} // namespace bnnc::passes
