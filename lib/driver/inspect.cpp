// bnnc inspect: what bnnc does with each node of an ONNX model, or what a chip image holds.
#include "bnnc/driver/driver.h"
#include "bnnc/image/image.h"
#include "bnnc/image/posterior.h"
#include "bnnc/ir/interpreter.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/file.h"
#include "bnnc/support/format.h"
#include "compile_report.h"
#include "options.h"

#include <cstdio>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

namespace bnnc::driver {

namespace {

std::string defaultRole(const ir::Graph &graph, const ir::Node &node) {
  static const std::set<std::string> layout = {"Flatten", "Reshape", "Squeeze", "Unsqueeze",
                                               "Transpose"};
  if (node.domain.empty() && layout.count(node.op))
    return "layout only, free on the chip";
  for (const std::string &out : node.outputs)
    if (!out.empty() && !graph.values.count(out))
      return "not evaluated (after a node bnnc cannot run)";
  return "not lowered";
}

// The part of a problem's message after "error: ", for the table.
std::string reason(const std::string &message) {
  size_t at = message.find("error: ");
  return at == std::string::npos ? message : message.substr(at + 7);
}

// What the input stage is, or would be: a model with a raw input and no quantizer needs
// --input-bits and --input-range (inspect assumes 8 bits over [0, 1] to go on).
std::string inputText(const ir::InputStage &in, bool assumed) {
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

struct ModelFacts {
  ir::Graph graph;
  std::vector<ir::Node> nodes; // as imported, constant subgraphs folded
  std::map<std::string, std::string> roles;
  Diagnostics diag;
  std::optional<ir::Program> program;
};

// Imports and compiles as far as the model allows; every problem ends in facts.diag.problems.
void analyse(const std::string &path, ModelFacts &f) {
  try {
    f.graph = onnx::importModel(path, f.diag, true);
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
  Diagnostics thrown;
  try {
    f.program = passes::compileGraph(f.graph, ctx);
  } catch (const Error &e) {
    // The problems recorded in diag came with it; a lowering error is one of its own.
    if (f.diag.problems.empty())
      f.diag.problem("", e.what());
  }
}

bool printModelJson(const InspectRequest &r, const ModelFacts &f, std::ostream &out) {
  nlohmann::json rows = nlohmann::json::array(), problems = nlohmann::json::array();
  for (const ir::Node &n : f.nodes) {
    const Problem *p = f.diag.problemOf(n.name);
    std::string role = f.roles.count(n.name) ? f.roles.at(n.name) : defaultRole(f.graph, n);
    nlohmann::json row = {{"index", n.index},
                          {"name", n.name},
                          {"op", ir::opDisplayName(n.domain, n.op)},
                          {"role", p ? "blocked" : role}};
    if (p)
      row["problem"] = reason(p->message);
    rows.push_back(row);
  }
  for (const Problem &p : f.diag.problems)
    problems.push_back({{"node", p.node.empty() ? nlohmann::json() : nlohmann::json(p.node)},
                        {"message", p.message}});
  nlohmann::json doc = {{"model", r.path},
                        {"opset", f.graph.opset},
                        {"producer", f.graph.producer},
                        {"nodes", rows},
                        {"layers", f.program ? f.program->layers.size() : 0},
                        {"problems", problems},
                        {"warnings", f.diag.warnings}};
  if (f.program)
    doc["input"] =
        inputText(f.program->input, f.program->input.kind == ir::InputStage::Kind::BitSerial &&
                                        f.program->input.level_groups == 0);
  out << doc.dump(2) << "\n";
  return f.diag.problems.empty();
}

bool printModelText(const ModelFacts &f, std::ostream &out, std::ostream &err) {
  for (const std::string &w : f.diag.warnings)
    err << w << "\n";
  for (const ir::Node &n : f.nodes) {
    const Problem *p = f.diag.problemOf(n.name);
    std::string role = p                       ? "BLOCKED: " + reason(p->message)
                       : f.roles.count(n.name) ? f.roles.at(n.name)
                                               : defaultRole(f.graph, n);
    std::string op = ir::opDisplayName(n.domain, n.op);
    char line[160];
    std::snprintf(line, sizeof line, "#%-4d %-28.28s %-22.22s ", n.index, n.name.c_str(),
                  op.c_str());
    out << line << role << "\n";
  }
  if (f.program)
    out << "input: "
        << inputText(f.program->input, f.program->input.kind == ir::InputStage::Kind::BitSerial &&
                                           f.program->input.level_groups == 0)
        << "\n";
  if (f.diag.problems.empty()) {
    out << "compiles to " << f.program->layers.size() << " layers\n";
    return true;
  }
  out << f.diag.problems.size() << " problem(s) stop the compile:\n";
  for (const Problem &p : f.diag.problems)
    out << p.message << "\n";
  return false;
}

bool inspectModel(const InspectRequest &r, std::ostream &out, std::ostream &err) {
  ModelFacts f;
  analyse(r.path, f);
  if (r.json)
    return printModelJson(r, f, out);
  // A file that is not a model at all has no table: its error is the whole answer.
  if (f.nodes.empty() && !f.diag.problems.empty() && f.diag.problems[0].node.empty() &&
      f.graph.source.empty())
    throw Error(f.diag.problems[0].message);
  return printModelText(f, out, err);
}

nlohmann::json sectionsJson(const image::ImageInfo &info) {
  nlohmann::json sections = nlohmann::json::array();
  for (const image::SectionInfo &s : info.sections)
    sections.push_back({{"tag", s.tag},
                        {"offset", s.offset},
                        {"size", s.size},
                        {"crc_ok", s.crc_stored == s.crc_computed}});
  return sections;
}

// The header and the section table, one line each.
std::string sectionLines(const std::string &path, const image::ImageInfo &info) {
  std::string text = path + ": chip image version " + std::to_string(info.major) + "." +
                     std::to_string(info.minor) + ", " + std::to_string(info.file_size) +
                     " bytes\n";
  for (const image::SectionInfo &s : info.sections) {
    char line[160];
    std::snprintf(line, sizeof line, "  section %-4s offset 0x%08llx size %10llu crc %08x %s\n",
                  s.tag.c_str(), (unsigned long long)s.offset, (unsigned long long)s.size,
                  s.crc_stored, s.crc_stored == s.crc_computed ? "ok" : "MISMATCH");
    text += line;
  }
  return text;
}

// A posterior image (bnnc learn): its network, its models and the array they fill.
bool inspectPosteriorFile(const InspectRequest &r, const std::vector<uint8_t> &bytes,
                          const image::ImageInfo &info, std::ostream &out) {
  std::string failure;
  image::PosteriorImage post;
  try {
    post = image::readPosteriorImage(bytes, r.path);
  } catch (const Error &e) {
    failure = e.what();
  }
  const image::Network &n = post.network;
  std::string summary = "posterior of " + std::to_string(post.models.size()) + " models of '" +
                        n.name + "' (" + std::to_string(n.parameters()) + " parameters, " +
                        std::to_string(n.inputs) + " inputs, " + std::to_string(n.classes) +
                        " classes) in a " + std::to_string(post.array.rows) + "x" +
                        std::to_string(post.array.cols) + " array, learned on device '" +
                        post.device + "', condition " + post.condition.name;
  if (r.json) {
    nlohmann::json j = {{"image", r.path},
                        {"version", std::to_string(info.major) + "." + std::to_string(info.minor)},
                        {"bytes", info.file_size},
                        {"sections", sectionsJson(info)},
                        {"posterior", failure.empty() ? nlohmann::json(summary) : nlohmann::json()},
                        {"error", failure.empty() ? nlohmann::json() : nlohmann::json(failure)}};
    out << j.dump(2) << "\n";
  } else {
    out << sectionLines(r.path, info) << (failure.empty() ? summary : failure) << "\n";
  }
  return failure.empty();
}

bool inspectImageFile(const InspectRequest &r, std::ostream &out) {
  std::vector<uint8_t> bytes = readFileBytes(r.path);
  image::ImageInfo info = image::inspectImage(bytes, r.path);
  if (image::holdsPosterior(info))
    return inspectPosteriorFile(r, bytes, info, out);
  std::string failure;
  image::ChipImage chip;
  try {
    chip = image::readImage(bytes, r.path);
  } catch (const Error &e) {
    failure = e.what();
  }
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; failure.empty() && i < chip.program.layers.size(); ++i) {
    layers.push_back(layerJson(chip.program.layers[i], chip.mapping.layers[i]));
  }
  if (r.json) {
    out << nlohmann::json(
               {{"image", r.path},
                {"version", std::to_string(info.major) + "." + std::to_string(info.minor)},
                {"bytes", info.file_size},
                {"sections", sectionsJson(info)},
                {"model", chip.program.model_name},
                {"input", failure.empty() ? nlohmann::json(inputText(chip.program.input, false))
                                          : nlohmann::json()},
                {"layers", layers},
                {"error", failure.empty() ? nlohmann::json() : nlohmann::json(failure)}})
               .dump(2)
        << "\n";
    return failure.empty();
  }
  out << sectionLines(r.path, info);
  if (!failure.empty()) {
    out << failure << "\n";
    return false;
  }
  out << "model '" << chip.program.model_name << "' (" << chip.program.producer << "), "
      << chip.mapping.tiles.size() << " tiles, condition " << chip.condition.name << "\n";
  out << "  input " << inputText(chip.program.input, false) << "\n";
  for (size_t i = 0; i < layers.size(); ++i) {
    const ir::Layer &l = chip.program.layers[i];
    out << "  layer " << i << " '" << l.name << "' " << layerShapeText(l) << ", "
        << layers[i]["tiles"] << " tiles" << (l.multiBit() ? ", " + layerOutputText(l) : "")
        << "\n";
  }
  return true;
}

} // namespace

bool inspect(const InspectRequest &r, std::ostream &out, std::ostream &err) {
  try {
    return isOnnxPath(r.path) ? inspectModel(r, out, err) : inspectImageFile(r, out);
  } catch (const std::bad_alloc &) {
    throw Error(r.path + ": error: out of memory while inspecting this file");
  }
}

} // namespace bnnc::driver
