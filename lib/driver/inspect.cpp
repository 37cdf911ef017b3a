// bnnc inspect: what bnnc does with each node of an ONNX model, or what a chip image holds.
#include "bnnc/driver/driver.h"
#include "bnnc/image/image.h"
#include "bnnc/image/posterior.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/file.h"
#include "compile_report.h"
#include "options.h"

#include <cstdio>
#include <new>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

namespace bnnc::driver {

namespace {

std::string defaultRole(const ir::Node &node) {
  static const std::set<std::string> layout = {"Flatten", "Reshape", "Squeeze", "Unsqueeze",
                                               "Transpose"};
  return node.domain.empty() && layout.count(node.op) ? "layout only, free on the chip"
                                                      : "not lowered";
}

bool inspectModel(const InspectRequest &r, std::ostream &out, std::ostream &err) {
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(r.path, diag);
  std::vector<ir::Node> nodes = graph.nodes; // as imported, constant subgraphs folded
  std::map<std::string, std::string> roles;
  passes::CompileOptions options;
  // Inspection does not know the input quantization; assume 8 bits over [0, 1] if needed.
  options.input_bits = 8;
  options.input_lo = 0;
  options.input_hi = 1;
  options.input_assumed = true;
  passes::PassContext ctx{options, diag, &roles};
  std::string failure;
  size_t layers = 0;
  try {
    layers = passes::compileGraph(graph, ctx).layers.size();
  } catch (const Error &e) {
    failure = e.what();
  }
  for (const std::string &w : diag.warnings)
    err << w << "\n";
  nlohmann::json rows = nlohmann::json::array();
  for (const ir::Node &n : nodes) {
    std::string role = roles.count(n.name) ? roles[n.name] : defaultRole(n);
    std::string op = (n.domain.empty() ? "" : n.domain + "::") + n.op;
    rows.push_back({{"index", n.index}, {"name", n.name}, {"op", op}, {"role", role}});
    if (!r.json) {
      char line[512];
      std::snprintf(line, sizeof line, "#%-4d %-28.28s %-22.22s %s\n", n.index, n.name.c_str(),
                    op.c_str(), role.c_str());
      out << line;
    }
  }
  if (r.json) {
    out << nlohmann::json({{"model", r.path},
                           {"opset", graph.opset},
                           {"producer", graph.producer},
                           {"nodes", rows},
                           {"layers", layers},
                           {"error", failure.empty() ? nlohmann::json() : nlohmann::json(failure)}})
               .dump(2)
        << "\n";
  } else {
    out << (failure.empty() ? "compiles to " + std::to_string(layers) + " layers\n"
                            : failure + "\n");
  }
  return failure.empty();
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
    const mapping::LayerPlacement &p = chip.mapping.layers[i];
    layers.push_back({{"name", chip.program.layers[i].name},
                      {"shape", layerShapeText(chip.program.layers[i])},
                      {"tiles", p.row_blocks * p.col_blocks},
                      {"cell_utilization", p.utilization}});
  }
  if (r.json) {
    out << nlohmann::json(
               {{"image", r.path},
                {"version", std::to_string(info.major) + "." + std::to_string(info.minor)},
                {"bytes", info.file_size},
                {"sections", sectionsJson(info)},
                {"model", chip.program.model_name},
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
  for (size_t i = 0; i < layers.size(); ++i)
    out << "  layer " << i << " '" << layers[i]["name"].get<std::string>() << "' "
        << layers[i]["shape"].get<std::string>() << ", " << layers[i]["tiles"] << " tiles\n";
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
