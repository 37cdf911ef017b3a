// The table of fuzz targets and the message check they share.
#include "fuzz/target_list.h"
#include "fuzz/targets.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace bnnc::fuzz {

const std::vector<Target> &targets() {
  static const std::vector<Target> list = {
      {"onnx",
       "ONNX model bytes: bnnc compile (image, schedule, report), the image read back, "
       "bnnc inspect --json",
       fuzzOnnx},
      {"image", "chip image bytes: inspect and read; an accepted image re-writes identically",
       fuzzImage},
      {"arch", "architecture JSON text (mapping::parseArch)", fuzzArch},
      {"device", "device model JSON text (device::parseDeviceModel)", fuzzDevice},
      {"condition", "programming condition JSON text (device::parseConditionFile)", fuzzCondition},
      {"technology", "technology JSON text (energy::parseTechnology)", fuzzTechnology},
      {"sweep", "sweep description JSON text: parsed, numbered, every point resolved", fuzzSweep},
      {"npy", ".npy bytes (gzipped or not): samples and labels", fuzzNpy},
      {"idx", "IDX bytes (gzipped or not): samples and labels", fuzzIdx},
      {"csv", "CSV text (gzipped or not): samples and labels", fuzzCsv},
      {"fault_map", "fault map CSV text (device::readFaultMap, checkFaultMap)", fuzzFaultMap},
  };
  return list;
}

const Target *findTarget(const std::string &name) {
  for (const Target &t : targets())
    if (name == t.name)
      return &t;
  return nullptr;
}

// A message lists one problem per line (a compile names every blocker at once): each line
// names a file and says "error: ".
void checkMessage(const std::string &message, const std::vector<std::string> &files) {
  bool ok = !message.empty() && message.back() != '\n';
  std::istringstream lines(message);
  for (std::string line; ok && std::getline(lines, line);) {
    bool named = false;
    for (const std::string &f : files)
      named = named || line.rfind(f + ": ", 0) == 0;
    ok = named && line.find("error: ") != std::string::npos;
  }
  if (!ok) {
    std::fprintf(stderr, "malformed error message: %s\n", message.c_str());
    std::abort();
  }
}

namespace {

std::string &scratchDir() {
  static std::string dir;
  return dir;
}

void removeScratch() {
  std::error_code ec;
  std::filesystem::remove_all(scratchDir(), ec);
}

} // namespace

std::string scratchPath(const std::string &name) {
  std::string &dir = scratchDir();
  if (dir.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bnnc-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
      std::abort();
    dir = tmpl;
    std::atexit(removeScratch);
  }
  return dir + "/" + name;
}

std::string scratchFile(const std::string &name, const uint8_t *data, size_t size) {
  std::string path = scratchPath(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char *>(data), std::streamsize(size));
  return path;
}

} // namespace bnnc::fuzz
