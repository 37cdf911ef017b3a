// Data and label loading for `bnnc run`: .npy (format 1.0-3.0, C order, little-endian <f4 <f8
// |u1 |i1 |b1 <u2 <i2 <u4 <i4 <u8 <i8), IDX files (MNIST's "-ubyte" format: uint8, int8, int16,
// int32, float32, float64) and CSV (one sample per row, no header or a non-numeric header row).
// Any of them may be gzipped: the gzip magic 1f 8b is detected from the content. Samples come
// out as float32 values, batch first; NaN, infinities and values beyond float32 are errors.
#pragma once

#include "bnnc/ir/tensor.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace bnnc::data {

// Limits (docs/limits.md): a data set is held in memory, as the file's (decompressed) bytes and
// as float32 values, so a file may be at most kMaxDataBytes long, decompressed, and hold at most
// kMaxDataValues values (4 GiB as float32). Both are checked before the memory is allocated.
constexpr uint64_t kMaxDataBytes = uint64_t(1) << 32;
constexpr int64_t kMaxDataValues = int64_t(1) << 30;

struct Dataset {
  int64_t count = 0;         // number of samples
  ir::Shape sample_shape;    // shape of one sample as stored in the file
  std::vector<float> values; // count * numel(sample_shape), row-major
};

struct Source;
struct RawArray;

// The samples of a data file, converted a range at a time: what a run needs in float32 at once is
// one range, not the whole set. The file is parsed and checked up to its values when opened (an
// uncompressed file is mapped, not copied); each range's values are checked as they are read,
// with loadData's errors.
class SampleReader {
public:
  explicit SampleReader(const std::string &path);
  SampleReader(SampleReader &&) noexcept;
  ~SampleReader();
  int64_t count() const;
  const ir::Shape &sampleShape() const; // one sample as stored in the file
  // Samples [first, first + n) into out (n * numel(sampleShape()) values).
  void read(int64_t first, int64_t n, float *out) const;

private:
  std::unique_ptr<Source> src_;
  std::unique_ptr<RawArray> array_;
  ir::Shape sample_shape_;
};

// Loads samples; the format is chosen from the file name (.npy, .csv, anything else with "idx"
// or "-ubyte" in its name, optionally .gz). Errors name the file and the byte offset (of the
// decompressed stream for gzipped files, marked "(uncompressed)") or the line.
Dataset loadData(const std::string &path);
// True when loadData reads `path` as CSV (its name ends in .csv or .csv.gz, any case).
bool isCsvPath(const std::string &path);
// Loads integer class labels (one per sample; shape [n] or [n,1]) from the same formats; float
// labels must be integral, and labels must not be negative.
std::vector<int64_t> loadLabels(const std::string &path);

// Checks that `data` fits a model input of `input_shape` (one sample): either the same shape or
// the same number of elements (flattened). Throws bnnc::Error naming `path` otherwise.
void checkSampleShape(const Dataset &data, const ir::Shape &input_shape, const std::string &path);

// Writes a float32 .npy array of shape {rows, cols}.
void writeNpyF32(std::ostream &out, std::span<const float> values, int64_t rows, int64_t cols);

} // namespace bnnc::data
