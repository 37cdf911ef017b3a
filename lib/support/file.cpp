#include "bnnc/support/file.h"
#include "bnnc/support/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
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
  // A directory opens, but reading it fails (libstdc++ throws from inside the iterator).
  std::vector<uint8_t> bytes;
  try {
    // A regular file is read in one piece into a buffer of its size (peak memory = the file, not
    // twice it as a growing vector would take); anything else (a pipe) is read to its end.
    std::error_code ec;
    uintmax_t size = std::filesystem::is_regular_file(path, ec)
                         ? std::filesystem::file_size(path, ec)
                         : uintmax_t(-1);
    if (!ec && size != uintmax_t(-1)) {
      bytes.resize(size_t(size));
      in.read(reinterpret_cast<char *>(bytes.data()), std::streamsize(size));
      if (in.gcount() != std::streamsize(size))
        throw Error(path + ": error: cannot read file: it changed while being read");
    } else {
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  } catch (const std::ios_base::failure &) {
    in.setstate(std::ios::badbit);
  }
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
