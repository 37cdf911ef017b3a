// bnnc inspect: what bnnc does with each node of an ONNX model, or what a chip image holds.
#include "bnnc/api/inspect.h"
#include "bnnc/driver/driver.h"
#include "bnnc/onnx/importer.h"
#include "compile_report.h"

#include <cstdio>
#include <new>
#include <nlohmann/json.hpp>
#include <ostream>

namespace bnnc::driver {

namespace {

// The part of a problem's message after "error: ", for the table.
std::string reason(const Diagnostic &problem) { return problem.message; }

bool printModelJson(const api::ModelReport &m, std::ostream &out) {
  nlohmann::json rows = nlohmann::json::array(), problems = nlohmann::json::array();
  for (const api::NodeReport &n : m.nodes) {
    nlohmann::json row = {{"index", n.index},
                          {"name", n.name},
                          {"op", n.op},
                          {"role", n.problem ? "blocked" : n.role}};
    if (n.problem)
      row["problem"] = reason(*n.problem);
    rows.push_back(row);
  }
  for (const Diagnostic &p : m.problems)
    problems.push_back({{"node", p.node.empty() ? nlohmann::json() : nlohmann::json(p.node)},
                        {"message", p.text}});
  nlohmann::json warnings = nlohmann::json::array();
  for (const Diagnostic &w : m.warnings)
    warnings.push_back(w.text);
  nlohmann::json doc = {{"model", m.path},
                        {"opset", m.opset},
                        {"producer", m.producer},
                        {"nodes", rows},
                        {"layers", m.layers.value_or(0)},
                        {"problems", problems},
                        {"warnings", warnings}};
  if (m.input)
    doc["input"] = *m.input;
  out << doc.dump(2) << "\n";
  return m.compiles();
}

bool printModelText(const api::ModelReport &m, std::ostream &out, std::ostream &err) {
  for (const Diagnostic &w : m.warnings)
    err << w.text << "\n";
  for (const api::NodeReport &n : m.nodes) {
    std::string role = n.problem ? "BLOCKED: " + reason(*n.problem) : n.role;
    char line[160];
    std::snprintf(line, sizeof line, "#%-4d %-28.28s %-22.22s ", int(n.index), n.name.c_str(),
                  n.op.c_str());
    out << line << role << "\n";
  }
  if (m.input)
    out << "input: " << *m.input << "\n";
  if (m.compiles()) {
    out << "compiles to " << *m.layers << " layers\n";
    return true;
  }
  out << m.problems.size() << " problem(s) stop the compile:\n";
  for (const Diagnostic &p : m.problems)
    out << p.text << "\n";
  return false;
}

bool inspectModel(const InspectRequest &r, std::ostream &out, std::ostream &err) {
  api::ModelReport m = api::inspectModel(r.path);
  if (r.json)
    return printModelJson(m, out);
  if (!m.is_model) // a file that is not a model at all has no table: its error is the answer
    throw Error(m.problems[0].text);
  return printModelText(m, out, err);
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

bool inspectImageFile(const InspectRequest &r, std::ostream &out) {
  api::ImageReport report = api::inspectImage(r.path);
  const image::ImageInfo &info = report.info;
  std::string failure = report.error ? report.error->text : "";
  image::ChipImage chip = report.image.value_or(image::ChipImage{});
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < chip.program.layers.size(); ++i) {
    const mapping::LayerPlacement &p = chip.mapping.layers[i];
    layers.push_back({{"name", chip.program.layers[i].name},
                      {"shape", layerShapeText(chip.program.layers[i])},
                      {"tiles", p.row_blocks * p.col_blocks},
                      {"cell_utilization", p.utilization}});
  }
  std::string input = failure.empty() ? api::describeInput(chip.program.input, false) : "";
  if (r.json) {
    out << nlohmann::json(
               {{"image", r.path},
                {"version", std::to_string(info.major) + "." + std::to_string(info.minor)},
                {"bytes", info.file_size},
                {"sections", sectionsJson(info)},
                {"model", chip.program.model_name},
                {"writer", chip.writer.empty() ? nlohmann::json() : nlohmann::json(chip.writer)},
                {"input", failure.empty() ? nlohmann::json(input) : nlohmann::json()},
                {"layers", layers},
                {"error", failure.empty() ? nlohmann::json() : nlohmann::json(failure)}})
               .dump(2)
        << "\n";
    return failure.empty();
  }
  out << r.path << ": chip image version " << info.major << "." << info.minor << ", "
      << info.file_size << " bytes\n";
  for (const image::SectionInfo &s : info.sections) {
    char line[160];
    std::snprintf(line, sizeof line, "  section %-4s offset 0x%08llx size %10llu crc %08x %s\n",
                  s.tag.c_str(), (unsigned long long)s.offset, (unsigned long long)s.size,
                  s.crc_stored, s.crc_stored == s.crc_computed ? "ok" : "MISMATCH");
    out << line;
  }
  if (!failure.empty()) {
    out << failure << "\n";
    return false;
  }
  out << "model '" << chip.program.model_name << "' (" << chip.program.producer << "), "
      << chip.mapping.tiles.size() << " tiles, condition " << chip.condition.name << "\n";
  out << "  input " << input << "\n";
  for (size_t i = 0; i < layers.size(); ++i)
    out << "  layer " << i << " '" << layers[i]["name"].get<std::string>() << "' "
        << layers[i]["shape"].get<std::string>() << ", " << layers[i]["tiles"] << " tiles\n";
  return true;
}

} // namespace

bool inspect(const InspectRequest &r, std::ostream &out, std::ostream &err) {
  try {
    return onnx::isOnnxPath(r.path) ? inspectModel(r, out, err) : inspectImageFile(r, out);
  } catch (const std::bad_alloc &) {
    throw Error(r.path + ": error: out of memory while inspecting this file");
  }
}

} // namespace bnnc::driver
