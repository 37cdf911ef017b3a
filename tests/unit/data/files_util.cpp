#include "unit/data/files_util.h"

#include <zlib.h>

#include <bit>
#include <cassert>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace bnnc::data::test {

namespace {
// A directory private to this process, removed with everything in it when the tests end.
struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("bnnc_data_test_" + std::to_string(::getpid()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
} // namespace

std::string tempPath(const std::string &name) {
  static const TempDir dir;
  return (dir.path / name).string();
}

void writeBytes(const std::string &path, const Bytes &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  assert(out);
}

void writeText(const std::string &path, const std::string &text) {
  writeBytes(path, Bytes(text.begin(), text.end()));
}

std::string writeTemp(const std::string &name, const Bytes &bytes) {
  std::string path = tempPath(name);
  writeBytes(path, bytes);
  return path;
}

std::string writeTemp(const std::string &name, const std::string &text) {
  return writeTemp(name, Bytes(text.begin(), text.end()));
}

Bytes npyBytes(const std::string &dict, const Bytes &data, int major) {
  size_t prefix = major == 1 ? 10 : 12;
  size_t total = prefix + dict.size() + 1;
  std::string header = dict + std::string((total + 63) / 64 * 64 - total, ' ') + "\n";
  Bytes out = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(major), 0};
  Bytes len = leInt({int64_t(header.size())}, major == 1 ? 2 : 4);
  out.insert(out.end(), len.begin(), len.end());
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes idxBytes(uint8_t type, const std::vector<uint32_t> &dims, const Bytes &data) {
  Bytes out = {0, 0, type, uint8_t(dims.size())};
  for (uint32_t d : dims) {
    Bytes b = beInt({int64_t(d)}, 4);
    out.insert(out.end(), b.begin(), b.end());
  }
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes gzipBytes(const Bytes &bytes) {
  z_stream zs{};
  // Window bits 15 + 16 writes the gzip wrapper.
  int rc = deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  assert(rc == Z_OK);
  Bytes out(deflateBound(&zs, uLong(bytes.size())) + 32);
  zs.next_in = const_cast<Bytef *>(bytes.data());
  zs.avail_in = uInt(bytes.size());
  zs.next_out = out.data();
  zs.avail_out = uInt(out.size());
  rc = deflate(&zs, Z_FINISH);
  assert(rc == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  (void)rc;
  return out;
}

Bytes leInt(const std::vector<int64_t> &values, int size) {
  Bytes out;
  for (int64_t v : values)
    for (int k = 0; k < size; ++k)
      out.push_back(uint8_t(uint64_t(v) >> (8 * k)));
  return out;
}

Bytes beInt(const std::vector<int64_t> &values, int size) {
  Bytes out;
  for (int64_t v : values)
    for (int k = size - 1; k >= 0; --k)
      out.push_back(uint8_t(uint64_t(v) >> (8 * k)));
  return out;
}

Bytes leF32(const std::vector<float> &values) {
  Bytes out;
  for (float v : values) {
    Bytes b = leInt({int64_t(std::bit_cast<uint32_t>(v))}, 4);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

Bytes leF64(const std::vector<double> &values) {
  Bytes out;
  for (double v : values) {
    Bytes b = leInt({std::bit_cast<int64_t>(v)}, 8);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

Bytes beF32(const std::vector<float> &values) {
  Bytes out;
  for (float v : values) {
    Bytes b = beInt({int64_t(std::bit_cast<uint32_t>(v))}, 4);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

} // namespace bnnc::data::test
