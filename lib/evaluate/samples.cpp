// Samples and labels of an evaluation (see samples.h).
#include "bnnc/evaluate/samples.h"

#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "bnnc/support/parallel.h"

#include <algorithm>
#include <cmath>
#include <ostream>

namespace bnnc::evaluate {

namespace {

// Values a thread converts and encodes at a time: 128 KiB of float32, within its L2 cache.
constexpr int64_t kChunkValues = int64_t(1) << 15;

void divide(double divisor, float *values, int64_t n) {
  if (divisor != 1)
    for (int64_t i = 0; i < n; ++i)
      values[i] = values[i] / static_cast<float>(divisor);
}

} // namespace

std::optional<OptionProblem> checkDivisor(double divisor) {
  if (!(divisor > 0) || !std::isfinite(divisor))
    return OptionProblem{"data_divisor", "must be a positive number"};
  return std::nullopt;
}

data::SampleReader openSamples(const DataFiles &files, const ir::Shape &sample_shape) {
  data::SampleReader reader(files.data);
  data::Dataset shape{reader.count(), reader.sampleShape(), {}};
  data::checkSampleShape(shape, sample_shape, files.data);
  return reader;
}

data::Dataset loadSamples(const DataFiles &files, const ir::Shape &sample_shape) {
  data::Dataset data = data::loadData(files.data);
  divide(files.divisor, data.values.data(), int64_t(data.values.size()));
  data::checkSampleShape(data, sample_shape, files.data);
  return data;
}

void InputRangeCount::add(const float *v, int64_t n) {
  values += n;
  if (input->kind != ir::InputStage::Kind::BitSerial || input->level_groups > 0)
    return;
  double half = input->step() / 2;
  for (int64_t i = 0; i < n; ++i)
    outside += v[i] < input->lo - half || v[i] > input->hi + half;
}

void InputRangeCount::warn(const std::string &path, std::ostream &err) const {
  double share = values ? double(outside) / double(values) : 0;
  if (share > 0.01)
    err << path << ": warning: " << formatFixed("%.1f", 100 * share)
        << " % of the values lie outside the input range [" << formatNumber(input->lo) << ", "
        << formatNumber(input->hi)
        << "] the image quantizes, and are clamped to it; scale the data to it (--data-div 255 "
           "for 0..255 pixels of a model trained on [0, 1])\n";
}

std::shared_ptr<const emulator::EncodedInputs> encodeSamples(const emulator::Plan &plan,
                                                             const data::SampleReader &reader,
                                                             double divisor, int threads,
                                                             InputRangeCount *counted) {
  int64_t per = std::max<int64_t>(ir::numel(reader.sampleShape()), 1), total = reader.count();
  int64_t chunk = std::max<int64_t>(kChunkValues / per, 1);
  auto inputs = std::make_shared<emulator::EncodedInputs>();
  emulator::sizeInputs(plan, total, *inputs);
  int64_t parts = std::clamp<int64_t>(threads, 1, std::max<int64_t>(total, 1));
  int64_t part = (total + parts - 1) / parts;
  std::vector<InputRangeCount> counts(size_t(parts), {counted ? counted->input : nullptr});
  // Each thread reads, divides and encodes its contiguous part a chunk at a time, so that the
  // float32 values stay in its cache. An error is the first bad value's whatever the thread
  // count: each part goes in order, and runParallel rethrows the lowest part's.
  runParallel(int(parts), [&](int t) {
    std::vector<float> values(size_t(std::min(chunk, total) * per));
    int64_t end = std::min(total, (t + 1) * part);
    for (int64_t first = std::min(total, t * part); first < end; first += chunk) {
      int64_t n = std::min(chunk, end - first);
      reader.read(first, n, values.data());
      divide(divisor, values.data(), n * per);
      if (counted)
        counts[size_t(t)].add(values.data(), n * per);
      emulator::encodeRange(plan, values.data(), n, first, *inputs);
    }
  });
  for (const InputRangeCount &c : counts)
    if (counted)
      counted->values += c.values, counted->outside += c.outside;
  return inputs;
}

std::vector<int64_t> checkedLabels(const DataFiles &files, int64_t samples, int64_t classes) {
  if (files.labels.empty())
    return {};
  std::vector<int64_t> labels = data::loadLabels(files.labels);
  checkLabels(labels, samples, classes, files.labels, files.data);
  return labels;
}

void checkLabels(const std::vector<int64_t> &labels, int64_t samples, int64_t classes,
                 const std::string &labels_source, const std::string &data_source) {
  if (int64_t(labels.size()) != samples)
    throw Error(labels_source + ": error: " + std::to_string(labels.size()) + " labels for " +
                std::to_string(samples) + " samples in " + data_source);
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw Error(labels_source + ": error: label " + std::to_string(i) + " is " +
                  std::to_string(labels[i]) + ", outside the model's " + std::to_string(classes) +
                  " classes");
}

} // namespace bnnc::evaluate
