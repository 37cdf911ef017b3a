// Loading labelled data for learning and evaluation (see dataset.h).
#include "bnnc/data/dataset.h"
#include "bnnc/data/formats.h"
#include "bnnc/learn/dataset.h"
#include "bnnc/support/error.h"

#include <cmath>

namespace bnnc::learn {

namespace {

// The features of a data file, with labels from a labels file (or none when `labels` is empty).
Labelled withLabelsFile(const std::string &data, const std::string &labels) {
  data::Dataset d = data::loadData(data);
  Labelled out;
  out.count = d.count;
  out.features = ir::numel(d.sample_shape);
  out.x.assign(d.values.begin(), d.values.end());
  if (labels.empty())
    return out;
  out.labels = data::loadLabels(labels);
  if (int64_t(out.labels.size()) != out.count)
    throw Error(labels + ": error: " + std::to_string(out.labels.size()) + " labels for " +
                std::to_string(out.count) + " samples in " + data);
  return out;
}

// A label read as a number: a non-negative integer (below 2^62, which converts exactly).
int64_t labelValue(const data::Source &src, const data::RawArray &raw, int64_t sample, double v) {
  if (!(v >= 0 && v < 0x1p62 && std::floor(v) == v))
    src.failLine(raw.csv_lines[size_t(sample)], "label of sample " + std::to_string(sample) +
                                                    " is " + data::formatNumber(v) +
                                                    ", labels must be non-negative integers");
  return int64_t(v);
}

// How many values a sample of `data` holds, for a message.
std::string valuesText(int64_t n) {
  return std::to_string(n) + (n == 1 ? " value" : " values") + " per sample";
}

// A CSV file. With `features` < 0 its last column is the label of each line; otherwise it has
// `features` columns (no labels) or one more (the label last).
Labelled fromCsv(const std::string &path, int64_t features) {
  data::Source src = data::readSource(path);
  data::RawArray raw = data::parseCsv(src);
  if (raw.count() == 0)
    throw Error(path + ": error: the file holds no samples");
  int64_t cols = raw.shape[1];
  if (features < 0 && cols < 2)
    src.failLine(raw.csv_lines[0], "expected the features and then the label, got " +
                                       std::to_string(cols) + " value per line");
  if (features >= 0 && cols != features && cols != features + 1)
    throw Error(path + ": error: " + valuesText(cols) + ", the posterior's network takes " +
                std::to_string(features) + " inputs (and the label may follow them)");
  bool label_column = features < 0 || cols == features + 1;
  std::vector<float> values(size_t(raw.count() * cols));
  data::toSamples(src, raw, 0, raw.count(), values.data()); // finite, within float32
  Labelled out;
  out.count = raw.count();
  out.features = label_column ? cols - 1 : cols;
  for (int64_t i = 0; i < out.count; ++i) {
    const float *row = values.data() + i * cols;
    out.x.insert(out.x.end(), row, row + out.features);
    if (label_column)
      out.labels.push_back(labelValue(src, raw, i, row[cols - 1]));
  }
  return out;
}

} // namespace

Labelled loadLabelled(const std::string &data, const std::string &labels) {
  if (!labels.empty())
    return withLabelsFile(data, labels);
  if (!data::isCsvPath(data))
    throw Error(data + ": error: without a labels file the data must be a CSV file whose last "
                       "column holds the labels");
  return fromCsv(data, -1);
}

Labelled loadForModel(const std::string &data, const std::string &labels, int64_t features) {
  if (labels.empty() && data::isCsvPath(data))
    return fromCsv(data, features);
  Labelled out = withLabelsFile(data, labels);
  if (out.features != features)
    throw Error(data + ": error: " + valuesText(out.features) + ", the posterior's network takes " +
                std::to_string(features) + " inputs");
  return out;
}

} // namespace bnnc::learn
