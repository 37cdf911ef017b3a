// bnnc inspect: what bnnc does with each node of an ONNX model, or what a chip image holds.
#include "bnnc/api/inspect.h"
#include "bnnc/driver/driver.h"
#include "bnnc/image/posterior.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/support/file.h"
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
    nlohmann::json j = {
        {"image", r.path},
        {"version", std::to_string(info.major) + "." + std::to_string(info.minor)},
        {"bytes", info.file_size},
        {"sections", sectionsJson(info)},
        {"posterior", failure.empty() ? nlohmann::json(summary) : nlohmann::json()},
        {"writer", post.writer.empty() ? nlohmann::json() : nlohmann::json(post.writer)},
        {"error", failure.empty() ? nlohmann::json() : nlohmann::json(failure)}};
    out << j.dump(2) << "\n";
  } else {
    out << sectionLines(r.path, info) << (failure.empty() ? summary : failure) << "\n";
  }
  return failure.empty();
}

bool inspectImageFile(const InspectRequest &r, std::ostream &out) {
  std::vector<uint8_t> bytes = readFileBytes(r.path);
  api::ImageReport report = api::inspectImageBytes(bytes, r.path);
  const image::ImageInfo &info = report.info;
  if (image::holdsPosterior(info))
    return inspectPosteriorFile(r, bytes, info, out);
  std::string failure = report.error ? report.error->text : "";
  image::ChipImage chip = report.image.value_or(image::ChipImage{});
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < chip.program.layers.size(); ++i) {
    layers.push_back(layerJson(chip.program.layers[i], chip.mapping.layers[i]));
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
  out << sectionLines(r.path, info);
  if (!failure.empty()) {
    out << failure << "\n";
    return false;
  }
  out << "model '" << chip.program.model_name << "' (" << chip.program.producer << "), "
      << chip.mapping.tiles.size() << " tiles, condition " << chip.condition.name << "\n";
  out << "  input " << input << "\n";
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
    return onnx::isOnnxPath(r.path) ? inspectModel(r, out, err) : inspectImageFile(r, out);
  } catch (const std::bad_alloc &) {
    throw Error(r.path + ": error: out of memory while inspecting this file");
  }
}

} // namespace bnnc::driver
