// loadData / loadLabels: choosing the format from the file name, then parse and convert.
#include "bnnc/data/dataset.h"
#include "bnnc/data/formats.h"
#include "bnnc/support/error.h"

#include <algorithm>
#include <cctype>

namespace bnnc::data {

namespace {

enum class Format { Npy, Idx, Csv };

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The format follows the file name (without directories, case-insensitive, a trailing .gz
// ignored); whether the content is gzipped is decided by its magic bytes, not the name.
std::string formatName(const std::string &path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (endsWith(name, ".gz"))
    name.resize(name.size() - 3);
  return name;
}

Format formatOf(const std::string &path) {
  std::string name = formatName(path);
  if (endsWith(name, ".npy"))
    return Format::Npy;
  if (endsWith(name, ".csv"))
    return Format::Csv;
  if (name.find("idx") != std::string::npos || name.find("-ubyte") != std::string::npos)
    return Format::Idx;
  throw Error(path + ": error: cannot tell the data format from the file name (expected .npy, " +
              ".csv, or an IDX file with 'idx' or '-ubyte' in its name, each optionally .gz)");
}

RawArray parse(const Source &src) {
  RawArray array;
  switch (formatOf(src.path)) {
  case Format::Npy:
    array = parseNpy(src);
    break;
  case Format::Idx:
    array = parseIdx(src);
    break;
  case Format::Csv:
    array = parseCsv(src);
    break;
  }
  if (array.shape.empty())
    throw Error(src.path + ": error: the array is a scalar, expected a batch dimension first");
  if (array.count() == 0)
    throw Error(src.path + ": error: the file holds no samples");
  return array;
}

} // namespace

SampleReader::SampleReader(const std::string &path)
    : src_(std::make_unique<Source>(readSource(path))),
      array_(std::make_unique<RawArray>(parse(*src_))),
      sample_shape_(array_->shape.begin() + 1, array_->shape.end()) {}

SampleReader::SampleReader(SampleReader &&) noexcept = default;
SampleReader::~SampleReader() = default;

int64_t SampleReader::count() const { return array_->count(); }

const ir::Shape &SampleReader::sampleShape() const { return sample_shape_; }

void SampleReader::read(int64_t first, int64_t n, float *out) const {
  toSamples(*src_, *array_, first, n, out);
}
bool isCsvPath(const std::string &path) { return endsWith(formatName(path), ".csv"); }

Dataset loadData(const std::string &path) {
  SampleReader reader(path);
  Dataset data;
  data.count = reader.count();
  data.sample_shape = reader.sampleShape();
  data.values.resize(size_t(data.count * ir::numel(data.sample_shape)));
  reader.read(0, data.count, data.values.data());
  return data;
}

std::vector<int64_t> loadLabels(const std::string &path) {
  Source src = readSource(path);
  return toLabels(src, parse(src));
}

void checkSampleShape(const Dataset &data, const ir::Shape &input_shape, const std::string &path) {
  // The same shape, or the same element count: C order makes a flattened sample identical.
  if (data.sample_shape == input_shape || ir::numel(data.sample_shape) == ir::numel(input_shape))
    return;
  throw Error(path + ": error: samples of shape " + ir::shapeString(data.sample_shape) +
              " do not fit the model input " + ir::shapeString(input_shape) + " (" +
              std::to_string(ir::numel(data.sample_shape)) +
              " values per sample, the model takes " + std::to_string(ir::numel(input_shape)) +
              ")");
}

} // namespace bnnc::data
