#include "bnnc/support/file.h"
#include "bnnc/support/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace bnnc {

namespace {
std::string systemError() { return std::strerror(errno); }
} // namespace

std::vector<uint8_t> readFileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(path + ": error: cannot open file: " + systemError());
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad())
    throw Error(path + ": error: cannot read file: " + systemError());
  return bytes;
}

std::string readFileText(const std::string &path) {
  std::vector<uint8_t> bytes = readFileBytes(path);
  return std::string(bytes.begin(), bytes.end());
}

void writeFileAtomic(const std::string &path, const std::function<void(std::ostream &)> &write) {
  // The temporary file sits beside the target so that the rename stays on one file system.
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(path + ": error: cannot write file: " + systemError());
    try {
      write(out);
      out.flush();
      if (!out)
        throw Error(path + ": error: cannot write file: " + systemError());
    } catch (...) {
      out.close();
      std::remove(tmp.c_str());
      throw;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = systemError();
    std::remove(tmp.c_str());
    throw Error(path + ": error: cannot write file: " + why);
  }
}

void writeFileAtomic(const std::string &path, const std::vector<uint8_t> &bytes) {
  writeFileAtomic(path, [&](std::ostream &out) {
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  });
}

} // namespace bnnc
