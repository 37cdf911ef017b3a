#include "outputs.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace bnnc::driver {

void OutputSet::add(const std::string &path, std::function<void(std::ostream &)> write) {
  if (!path.empty())
    files_.emplace_back(path, std::move(write));
}

void OutputSet::commit() {
  std::vector<std::string> written;
  try {
    for (const auto &[path, write] : files_) {
      writeFileAtomic(path, write);
      written.push_back(path);
    }
  } catch (...) {
    for (const std::string &path : written)
      std::remove(path.c_str());
    throw;
  }
}

void parseRange(const std::string &text, double &lo, double &hi) {
  size_t comma = text.find(',');
  char *end = nullptr;
  bool ok = comma != std::string::npos;
  if (ok) {
    std::string a = text.substr(0, comma), b = text.substr(comma + 1);
    lo = std::strtod(a.c_str(), &end);
    ok = !a.empty() && *end == '\0';
    hi = std::strtod(b.c_str(), &end);
    ok = ok && !b.empty() && *end == '\0';
  }
  if (!ok)
    throw Error("--input-range: error: must be LO,HI (two numbers), got '" + text + "'");
}

bool isOnnxPath(const std::string &path) {
  return std::filesystem::path(path).extension() == ".onnx";
}

} // namespace bnnc::driver
