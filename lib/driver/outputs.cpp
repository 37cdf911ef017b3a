#include "outputs.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <cstdio>

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

} // namespace bnnc::driver
