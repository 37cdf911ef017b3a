// Helpers for the data tests: temporary files and hand-built .npy, IDX and gzip bytes.
#pragma once

#include "bnnc/support/error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::data::test {

using Bytes = std::vector<uint8_t>;

// A path in a directory private to this test process; the directory is created on first use.
std::string tempPath(const std::string &name);
void writeBytes(const std::string &path, const Bytes &bytes);
void writeText(const std::string &path, const std::string &text);
// Writes `bytes` (or `text`) to tempPath(name) and returns the path.
std::string writeTemp(const std::string &name, const Bytes &bytes);
std::string writeTemp(const std::string &name, const std::string &text);

// The message of the bnnc::Error that f() throws, or "no error".
template <typename F> std::string errorOf(F &&f) {
  try {
    f();
  } catch (const Error &e) {
    return e.what();
  }
  return "no error";
}

// An .npy file of format version `major`.0 with `dict` as header (padded with spaces and '\n' so
// that the data starts at a multiple of 64) followed by `data`.
Bytes npyBytes(const std::string &dict, const Bytes &data, int major = 1);
// An IDX file: magic 00 00 type ndims, big-endian uint32 dimensions, then `data` as given.
Bytes idxBytes(uint8_t type, const std::vector<uint32_t> &dims, const Bytes &data);
// gzip-compresses `bytes` (one member).
Bytes gzipBytes(const Bytes &bytes);

// Little- and big-endian encodings of values, concatenated.
Bytes leF32(const std::vector<float> &values);
Bytes leF64(const std::vector<double> &values);
Bytes leInt(const std::vector<int64_t> &values, int size);
Bytes beInt(const std::vector<int64_t> &values, int size);
Bytes beF32(const std::vector<float> &values);

} // namespace bnnc::data::test
