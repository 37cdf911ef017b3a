// Inflating gzip files (MNIST ships its IDX files as .gz) with zlib.
#include "bnnc/data/formats.h"
#include "bnnc/support/error.h"

#include <zlib.h>

#include <cstdio>

namespace bnnc::data {

namespace {

[[noreturn]] void fail(const std::string &path, uint64_t offset, const std::string &message) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%02llx", static_cast<unsigned long long>(offset));
  throw Error(path + ": offset " + buf + ": error: " + message);
}

// Owns a z_stream set up for gzip-only decoding (window bits 15 + 16 selects the gzip wrapper).
struct Inflater {
  z_stream zs{};
  explicit Inflater(const std::string &path) {
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
      throw Error(path + ": error: cannot initialise zlib");
  }
  ~Inflater() { inflateEnd(&zs); }
  Inflater(const Inflater &) = delete;
  Inflater &operator=(const Inflater &) = delete;
};

} // namespace

std::vector<uint8_t> gunzip(const std::vector<uint8_t> &bytes, const std::string &path,
                            uint64_t max_bytes) {
  // zlib counts input in 32-bit units; data files beyond 4 GiB compressed are not expected.
  if (bytes.size() > 0xffffffffu)
    throw Error(path + ": error: gzip file larger than 4 GiB is not supported");
  Inflater inf(path);
  z_stream &zs = inf.zs;
  zs.next_in = const_cast<Bytef *>(bytes.data());
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::vector<uint8_t> out;
  constexpr size_t kChunk = size_t(1) << 20;
  for (;;) {
    size_t used = out.size();
    out.resize(used + kChunk);
    zs.next_out = out.data() + used;
    zs.avail_out = static_cast<uInt>(kChunk);
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(used + (kChunk - zs.avail_out));
    uint64_t consumed = bytes.size() - zs.avail_in;
    // Checked once per chunk: the output never grows more than one chunk past the limit.
    if (out.size() > max_bytes)
      fail(path, consumed,
           "the data decompresses to more than " + std::to_string(max_bytes) +
               " bytes, the limit for a data file (bnnc holds data sets in memory)");
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0)
        return out;
      // Another gzip member follows (as `cat a.gz b.gz` makes), or trailing garbage.
      if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b)
        fail(path, consumed, "unexpected data after the end of the gzip stream");
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
      fail(path, consumed,
           std::string("corrupt gzip data (") + (zs.msg ? zs.msg : "bad data") + ")");
    if (rc == Z_MEM_ERROR)
      throw Error(path + ": error: out of memory while decompressing");
    // Z_BUF_ERROR or Z_OK with all input consumed and output space left: the stream is cut.
    if (zs.avail_in == 0 && zs.avail_out != 0)
      fail(path, consumed, "gzip data ends early (truncated file)");
  }
}

} // namespace bnnc::data
