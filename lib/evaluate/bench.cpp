// The ideal chip once per bench, then any number of populations (see bnnc/evaluate/evaluate.h).
#include "bnnc/device/ecc.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/image/schedule.h"
#include "bnnc/support/error.h"
#include "chips.h"
#include "summary.h"

#include <cassert>

namespace bnnc::evaluate {

namespace {

// The ideal chip as the only chip: no errors, the schedule's pulses.
ChipRuns idealOnly(const ChipContext &x, const image::Condition &condition, int64_t ideal_correct) {
  ChipRuns runs;
  runs.first = x.ideal;
  runs.reads = x.ideal.reads;
  ChipRecord rec;
  rec.correct = ideal_correct;
  schedulePulses(x.image.mapping, condition, rec);
  runs.chips.push_back(rec);
  return runs;
}

} // namespace

device::DeviceModel deviceForCondition(const image::Condition &c) {
  for (const device::DeviceModel &m : device::devicePresets())
    if (m.name == c.name)
      return m;
  return device::lawDevice(device::defaultProgrammingLaw(), c);
}

energy::ReadScheme readScheme(const device::DeviceModel &m) {
  energy::ReadScheme scheme;
  scheme.single_device = m.cell == device::DeviceModel::Cell::OneT1R;
  if (m.ecc.code == device::DeviceModel::Ecc::Code::None)
    return scheme;
  device::EccLayout l = device::EccEncoder(m.ecc).layout();
  scheme.data_bits = l.data_bits, scheme.check_bits = l.check_bits;
  energy::DecoderCost cost = m.ecc.code == device::DeviceModel::Ecc::Code::Secded
                                 ? energy::secdedDecoder(l.data_bits, l.m)
                                 : energy::bchDecoder(l.data_bits, l.check_bits, l.t, l.m);
  scheme.decoder_gates = cost.gates, scheme.decoder_levels = cost.levels;
  return scheme;
}

Bench::Bench(std::shared_ptr<const image::ChipImage> image,
             std::shared_ptr<const emulator::EncodedInputs> inputs, std::vector<int64_t> labels,
             int threads)
    : Bench(image, emulator::prepare(*image), std::move(inputs), std::move(labels), threads) {}

Bench::Bench(std::shared_ptr<const image::ChipImage> image,
             std::shared_ptr<const emulator::Plan> plan,
             std::shared_ptr<const emulator::EncodedInputs> inputs, std::vector<int64_t> labels,
             int threads)
    : image_(std::move(image)), plan_(std::move(plan)), inputs_(std::move(inputs)),
      labels_(std::move(labels)) {
  assert(labels_.empty() || int64_t(labels_.size()) == inputs_->count);
  emulator::RunOptions options;
  options.threads = threads;
  ideal_ = emulator::run(*plan_, *inputs_, options);
  ideal_correct_ = countEqual(ideal_.predictions, labels_);
}

Result Bench::evaluate(const Population &p, const Progress &progress) const {
  if (std::optional<OptionProblem> problem = checkPopulation(p))
    throw Error(problem->field + ": error: " + problem->message);
  image::Condition condition = p.condition.value_or(image_->condition);
  ChipContext x{*image_, *plan_, *inputs_, ideal_, labels_};
  if (p.ideal) {
    Result r =
        summarize(x, p, idealOnly(x, condition, ideal_correct_), condition, {}, ideal_correct_);
    r.device = "ideal";
    return r;
  }
  device::DeviceModel model;
  energy::ReadScheme scheme;
  if (!p.ber) {
    model = p.device ? *p.device : deviceForCondition(condition);
    scheme = readScheme(model);
    if (p.fault_map)
      device::checkFaultMap(*p.fault_map, image_->mapping.arch,
                            image_->cell_map ? image_->cell_map->spare_cols : 0);
  }
  Result r = summarize(x, p, runChips(x, p, model, progress), condition, scheme, ideal_correct_);
  r.device = p.ber ? "injected-ber" : model.name;
  return r;
}

Bench benchOf(std::shared_ptr<const image::ChipImage> image, const float *values, int64_t count,
              std::vector<int64_t> labels, int threads) {
  if (std::optional<OptionProblem> problem = checkThreads(threads))
    throw Error(problem->field + ": error: " + problem->message);
  if (!labels.empty())
    checkLabels(labels, count, image->program.layers.back().outSize(), "labels", "data");
  std::shared_ptr<const emulator::Plan> plan = emulator::prepare(*image);
  auto inputs = std::make_shared<const emulator::EncodedInputs>(
      emulator::encodeInputs(*plan, values, count, threads));
  return Bench(std::move(image), std::move(plan), std::move(inputs), std::move(labels), threads);
}

} // namespace bnnc::evaluate
