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

// Samples per range: 4096 samples of MNIST are 12.8 MB of float32.
constexpr int64_t kRangeValues = int64_t(1) << 22;

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
  int64_t per = std::max<int64_t>(ir::numel(reader.sampleShape()), 1);
  int64_t range = std::max<int64_t>(kRangeValues / per, 1);
  std::vector<float> values(size_t(std::min(range, reader.count()) * per));
  auto inputs = std::make_shared<emulator::EncodedInputs>();
  emulator::reserveInputs(plan, reader.count(), *inputs);
  for (int64_t first = 0; first < reader.count(); first += range) {
    int64_t n = std::min(range, reader.count() - first), part = (n + threads - 1) / threads;
    // The threads read and divide their parts of the range; an error is the first bad value's
    // whatever the thread count (runParallel rethrows the lowest part's).
    runParallel(threads, [&](int t) {
      int64_t begin = std::min(n, t * part), end = std::min(n, (t + 1) * part);
      reader.read(first + begin, end - begin, &values[size_t(begin * per)]);
      divide(divisor, &values[size_t(begin * per)], (end - begin) * per);
    });
    if (counted)
      counted->add(values.data(), n * per);
    emulator::encodeInputs(plan, values.data(), n, *inputs, threads);
  }
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
