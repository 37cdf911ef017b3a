// The parsers behind loadData/loadLabels, one per file format. Each parser reads only the header
// and validates it against the file's length; the values stay in the file's bytes until
// toSamples/toLabels convert them. Every error names the file and a byte offset (binary formats)
// or a line (CSV).
#pragma once

#include "bnnc/data/dataset.h"
#include "bnnc/ir/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::data {

// A data file's bytes: held in memory, or mapped read-only from an uncompressed regular file
// (no copy: the pages come from the page cache as the values are read). Move-only.
class FileBytes {
public:
  FileBytes() = default;
  FileBytes(std::vector<uint8_t> owned); // implicit: a Source can be built from a vector
  FileBytes(FileBytes &&other) noexcept;
  FileBytes &operator=(FileBytes &&other) noexcept;
  ~FileBytes();
  // The file mapped, or empty (no mapping) when it cannot be (not a regular file, empty...).
  static FileBytes map(const std::string &path);
  const uint8_t *data() const { return map_ ? map_ : owned_.data(); }
  size_t size() const { return map_ ? mapped_ : owned_.size(); }
  bool empty() const { return size() == 0; }
  uint8_t operator[](size_t i) const { return data()[i]; }
  const uint8_t *begin() const { return data(); }
  const uint8_t *end() const { return data() + size(); }

private:
  std::vector<uint8_t> owned_;
  const uint8_t *map_ = nullptr;
  size_t mapped_ = 0;
};

// The bytes of one data file, gunzipped when they start with the gzip magic 1f 8b.
struct Source {
  std::string path;
  FileBytes bytes; // decompressed content
  bool gzipped = false;
  // "offset 0x0a", or "offset 0x0a (uncompressed)" for a gzipped file.
  std::string offsetPlace(uint64_t offset) const;
  [[noreturn]] void failAt(uint64_t offset, const std::string &message) const;
  [[noreturn]] void failLine(int64_t line, const std::string &message) const;
};

// Maps (or reads) `path` and gunzips it if its first bytes are the gzip magic (whatever its
// name). A file longer than kMaxDataBytes is refused before it is read.
Source readSource(const std::string &path);
// Inflates a gzip stream (all members); errors name `path` and the compressed byte offset. Output
// beyond `max_bytes` is an error (a "zip bomb" stops there instead of exhausting memory).
std::vector<uint8_t> gunzip(const std::vector<uint8_t> &bytes, const std::string &path,
                            uint64_t max_bytes = kMaxDataBytes);

enum class ElemType : uint8_t { Bool, U8, I8, U16, I16, U32, I32, U64, I64, F32, F64 };
int elemSize(ElemType type);
std::string elemName(ElemType type); // "float32", "uint8", ...

// An array whose elements are `count(shape)` values of `type` stored from `data_offset` on in the
// source's bytes (CSV: doubles in `csv_values`). shape[0] is the sample count.
struct RawArray {
  ir::Shape shape;
  ElemType type = ElemType::F64;
  bool big_endian = false;
  uint64_t data_offset = 0;
  bool csv = false;
  std::vector<double> csv_values; // CSV only
  std::vector<int64_t> csv_lines; // CSV only: the line of each sample (1-based)
  int64_t count() const { return shape.empty() ? 1 : shape[0]; }
  int64_t sampleSize() const; // product of shape[1..]
};

// Checks that the bytes after array.data_offset hold exactly the shape's values, and that they
// are at most `max_values`; the error (at `offset`, the header field that claims the size) comes
// before anything is allocated.
void checkDataSize(const Source &src, uint64_t offset, const RawArray &array,
                   int64_t max_values = kMaxDataValues);

RawArray parseNpy(const Source &src);
RawArray parseIdx(const Source &src);
// More than `max_values` values in the file is an error, at the line where the count passes it.
RawArray parseCsv(const Source &src, int64_t max_values = kMaxDataValues);

// Converts samples [first, first + n) to float32 values at `out`; a value that is NaN, infinite
// or beyond the float32 range is an error naming the sample, the element and the place (byte
// offset or line).
void toSamples(const Source &src, const RawArray &array, int64_t first, int64_t n, float *out);
// Converts to labels: one per sample (shape (n) or (n, 1)), each a non-negative integer; float
// labels must be integral.
std::vector<int64_t> toLabels(const Source &src, const RawArray &array);

// Shortest text that reads back as `v` ("2.5", "1e+300", "nan", "-inf").
std::string formatNumber(double v);
// Product of `dims`, or -1 when it exceeds `limit` (checked before any multiplication overflows).
int64_t checkedProduct(const ir::Shape &dims, int64_t limit);

} // namespace bnnc::data
