// Reading a data file into memory (gunzipping it when needed) and the shared helpers of the
// format parsers: error places, element types, number formatting and overflow-safe sizes.
#include "bnnc/data/formats.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <charconv>
#include <cstdio>
#include <filesystem>

namespace bnnc::data {

std::string Source::offsetPlace(uint64_t offset) const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "offset 0x%02llx", static_cast<unsigned long long>(offset));
  // Offsets in a gzipped file count bytes of the decompressed stream.
  return std::string(buf) + (gzipped ? " (uncompressed)" : "");
}

void Source::failAt(uint64_t offset, const std::string &message) const {
  throw Error(path + ": " + offsetPlace(offset) + ": error: " + message);
}

void Source::failLine(int64_t line, const std::string &message) const {
  throw Error(path + ": line " + std::to_string(line) + ": error: " + message);
}

Source readSource(const std::string &path) {
  Source src;
  src.path = path;
  // Checked before reading (a file that cannot be sized fails in readFileBytes, with its reason).
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxDataBytes)
    throw Error(path + ": error: the file is " + std::to_string(size) +
                " bytes, more than the limit of " + std::to_string(kMaxDataBytes) +
                " for a data file (bnnc holds data sets in memory)");
  src.bytes = FileBytes::map(path);
  if (src.bytes.empty()) // not mappable: read (which names the reason when it cannot)
    src.bytes = readFileBytes(path);
  // The gzip magic (RFC 1952): ID1 = 0x1f, ID2 = 0x8b; detected from the content, not the name.
  if (src.bytes.size() >= 2 && src.bytes[0] == 0x1f && src.bytes[1] == 0x8b) {
    src.bytes = gunzip(std::vector<uint8_t>(src.bytes.begin(), src.bytes.end()), path);
    src.gzipped = true;
  }
  return src;
}

int elemSize(ElemType type) {
  switch (type) {
  case ElemType::Bool:
  case ElemType::U8:
  case ElemType::I8:
    return 1;
  case ElemType::U16:
  case ElemType::I16:
    return 2;
  case ElemType::U32:
  case ElemType::I32:
  case ElemType::F32:
    return 4;
  case ElemType::U64:
  case ElemType::I64:
  case ElemType::F64:
    return 8;
  }
  return 1;
}

std::string elemName(ElemType type) {
  switch (type) {
  case ElemType::Bool:
    return "bool";
  case ElemType::U8:
    return "uint8";
  case ElemType::I8:
    return "int8";
  case ElemType::U16:
    return "uint16";
  case ElemType::I16:
    return "int16";
  case ElemType::U32:
    return "uint32";
  case ElemType::I32:
    return "int32";
  case ElemType::U64:
    return "uint64";
  case ElemType::I64:
    return "int64";
  case ElemType::F32:
    return "float32";
  case ElemType::F64:
    return "float64";
  }
  return "?";
}

int64_t RawArray::sampleSize() const {
  // checkDataSize bounded the product of all dimensions, unless one of them is 0: then the array
  // is empty whatever the others are, and multiplying them in order could overflow ([2, 2^40,
  // 2^40, 0]). checkedProduct sees the 0 first; -1 (beyond int64) is left for count() == 0,
  // which loadData and loadLabels refuse before asking.
  return checkedProduct(ir::Shape(shape.begin() + (shape.empty() ? 0 : 1), shape.end()), INT64_MAX);
}

std::string formatNumber(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

int64_t checkedProduct(const ir::Shape &dims, int64_t limit) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0)
      return -1;
    if (d == 0)
      return 0; // an empty array, whatever the other dimensions
  }
  for (int64_t d : dims) {
    // n * d > limit  <=>  n > limit / d (integer division, d > 0): tested before multiplying.
    if (n > limit / d)
      return -1;
    n *= d;
  }
  return n;
}

void checkDataSize(const Source &src, uint64_t offset, const RawArray &array, int64_t max_values) {
  uint64_t available = src.bytes.size() - array.data_offset;
  int64_t size = elemSize(array.type);
  int64_t elems = checkedProduct(array.shape, INT64_MAX / size);
  if (elems < 0 || uint64_t(elems * size) != available) {
    std::string needs = elems < 0 ? "more than 2^63" : std::to_string(elems * size);
    src.failAt(offset, "shape " + ir::shapeString(array.shape) + " of " + elemName(array.type) +
                           " needs " + needs + " bytes of data, the file has " +
                           std::to_string(available));
  }
  if (elems > max_values)
    src.failAt(offset, "shape " + ir::shapeString(array.shape) + " holds " + std::to_string(elems) +
                           " values, more than the limit of " + std::to_string(max_values) +
                           " (bnnc holds data sets in memory)");
}

} // namespace bnnc::data
