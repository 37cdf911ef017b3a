// The device model presets: the programming law at the three preset conditions (data/devices.json
// holds the same numbers with the source of each; a unit test keeps the two equal), and where a
// model comes from (loadDeviceModel, bases).
#include "bnnc/device/programming_law.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "json_reader.h"
#include "model_base.h"

#include <filesystem>

namespace bnnc::device {

namespace {

const DeviceModel *findPreset(const std::string &name) {
  for (const DeviceModel &m : devicePresets())
    if (m.name == name)
      return &m;
  return nullptr;
}

std::string presetNames() {
  std::string known;
  for (const DeviceModel &m : devicePresets())
    known += (known.empty() ? "" : ", ") + m.name;
  return known;
}

} // namespace

const std::vector<DeviceModel> &devicePresets() {
  static const std::vector<DeviceModel> presets = [] {
    std::vector<DeviceModel> list;
    for (const image::Condition &c : image::conditionPresets())
      list.push_back(lawDevice(defaultProgrammingLaw(), c));
    return list;
  }();
  return presets;
}

bool looksLikePath(const std::string &s) {
  return s.find('/') != std::string::npos || (s.size() > 5 && s.ends_with(".json"));
}

DeviceModel modelFromFile(const std::string &path, int depth) {
  std::string text = readFileText(path);
  json doc = parseJsonObject(text, path);
  if (doc.contains("set_compliance_ua")) {
    ConditionFile c = parseConditionFile(text, path);
    DeviceModel m = lawDevice(defaultProgrammingLaw(), c.condition, c.verify);
    m.name = path;
    return m;
  }
  return parseDeviceModelAt(text, path, depth);
}

DeviceModel loadBase(const std::string &written, const std::string &resolved,
                     const std::string &source, int depth) {
  JsonReader r(source);
  if (const DeviceModel *preset = findPreset(written))
    return *preset;
  if (depth >= kMaxBaseDepth)
    r.fail("/base", "bases nest deeper than " + std::to_string(kMaxBaseDepth) +
                        " files (does a file name itself?)");
  std::error_code ec;
  if (!looksLikePath(written) && !std::filesystem::exists(resolved, ec))
    r.fail("/base",
           "'" + written + "' is neither a device preset (" + presetNames() + ") nor a file");
  return modelFromFile(resolved, depth + 1);
}

// A preset name wins over a file of the same name (write ./typical for the file).
DeviceModel loadDeviceModel(const std::string &name_or_path) {
  if (const DeviceModel *preset = findPreset(name_or_path))
    return *preset;
  std::error_code ec;
  if (looksLikePath(name_or_path) || std::filesystem::exists(name_or_path, ec))
    return modelFromFile(name_or_path, 0);
  throw Error("--device: error: unknown device preset '" + name_or_path +
              "' (known: " + presetNames() + ")");
}

} // namespace bnnc::device
