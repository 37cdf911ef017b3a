// A model or an image inspected (see bnnc/api/inspect.h).
#include "bnnc/api/inspect.h"

#include "bnnc/ir/interpreter.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/format.h"

#include <functional>
#include <map>
#include <sstream>

namespace bnnc::api {

namespace {

std::string defaultRole(const ir::Graph &graph, const ir::Node &node) {
  if (const ir::OpInfo *info = ir::findOp(node.domain, node.op); info && info->layout_only)
    return "layout only, free on the chip";
  for (const std::string &out : node.outputs)
    if (!out.empty() && !graph.values.count(out))
      return "not evaluated (after a node bnnc cannot run)";
  return "not lowered";
}

struct ModelFacts {
  ir::Graph graph;
  std::vector<ir::Node> nodes; // as imported, constant subgraphs folded
  std::map<std::string, std::string> roles;
  Diagnostics diag;
  std::optional<ir::Program> program;
};

// Imports and compiles as far as the model allows; every problem ends in facts.diag.problems.
void analyse(const std::function<ir::Graph(Diagnostics &)> &import, ModelFacts &f) {
  try {
    f.graph = import(f.diag);
  } catch (const Error &e) {
    f.diag.problem("", e.what());
    return;
  }
  f.nodes = f.graph.nodes;
  passes::CompileOptions options;
  // Inspection does not know the input quantization; assume 8 bits over [0, 1] if needed.
  options.input_bits = 8;
  options.input_lo = 0;
  options.input_hi = 1;
  options.input_assumed = true;
  passes::PassContext ctx{options, f.diag, &f.roles};
  try {
    f.program = passes::compileGraph(f.graph, ctx);
  } catch (const Error &e) {
    // The problems recorded in diag came with it; a lowering error is one of its own.
    if (f.diag.problems.empty())
      f.diag.problem("", e.what());
  }
}

ModelReport reportOf(const std::string &path, const ModelFacts &f) {
  ModelReport r;
  r.path = path;
  r.opset = f.graph.opset;
  r.producer = f.graph.producer;
  // A file that is not a model at all has no nodes: its error is the whole answer.
  r.is_model = !(f.nodes.empty() && !f.diag.problems.empty() && f.diag.problems[0].node.empty() &&
                 f.graph.source.empty());
  for (const ir::Node &n : f.nodes) {
    const Problem *p = f.diag.problemOf(n.name);
    std::string role = f.roles.count(n.name) ? f.roles.at(n.name) : defaultRole(f.graph, n);
    r.nodes.push_back({n.index, n.name, ir::opDisplayName(n.domain, n.op), role,
                       p ? std::optional<Diagnostic>(parseDiagnostic(p->message)) : std::nullopt});
  }
  if (f.program) {
    const ir::InputStage &in = f.program->input;
    r.input = describeInput(in, in.kind == ir::InputStage::Kind::BitSerial && in.level_groups == 0);
    r.layers = int64_t(f.program->layers.size());
  }
  for (const Problem &p : f.diag.problems) {
    Diagnostic d = parseDiagnostic(p.message);
    d.node = p.node;
    r.problems.push_back(d);
  }
  for (const std::string &w : f.diag.warnings)
    r.warnings.push_back(parseDiagnostic(w));
  return r;
}

} // namespace

std::string describeInput(const ir::InputStage &in, bool assumed) {
  std::ostringstream s;
  s << ir::shapeString(in.shape) << ", ";
  if (in.kind == ir::InputStage::Kind::Comparator)
    s << "binarized in the model (one comparator per element)";
  else if (in.level_groups > 0)
    s << "quantized in the model: " << in.bits << " bit-planes, values " << formatNumber(in.lo)
      << " + q * " << formatNumber(in.step()) << ", level comparators per "
      << (in.level_groups == 1                     ? "tensor"
          : in.level_groups == ir::numel(in.shape) ? "element"
                                                   : "channel");
  else if (assumed)
    s << "raw: bnnc compile needs --input-bits N --input-range LO,HI (assumed 8 bits over [0, 1] "
         "here)";
  else
    s << "bit-serial, " << in.bits << " bits over [" << formatNumber(in.lo) << ", "
      << formatNumber(in.hi) << "]";
  return s.str();
}

ModelReport inspectModel(const std::string &path) {
  ModelFacts f;
  analyse([&](Diagnostics &diag) { return onnx::importModel(path, diag, true); }, f);
  return reportOf(path, f);
}

ModelReport inspectModelBytes(const std::string &bytes, const std::string &path) {
  ModelFacts f;
  analyse([&](Diagnostics &diag) { return onnx::importModelBytes(bytes, path, diag, true); }, f);
  return reportOf(path, f);
}

ImageReport inspectImageBytes(const std::vector<uint8_t> &bytes, const std::string &path) {
  ImageReport r{path, image::inspectImage(bytes, path), std::nullopt, std::nullopt};
  try {
    r.image = image::readImage(bytes, path);
  } catch (const Error &e) {
    r.error = parseDiagnostic(e.what());
  }
  return r;
}

ImageReport inspectImage(const std::string &path) {
  return inspectImageBytes(readFileBytes(path), path);
}

} // namespace bnnc::api
