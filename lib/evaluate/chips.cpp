// The virtual chips of an evaluation (see chips.h), in parallel over the threads when there are
// several (each chip's result depends on its index only); only chip 0's outputs are kept.
#include "chips.h"

#include "bnnc/device/virtual_chip.h"
#include "bnnc/image/schedule.h"
#include "bnnc/support/parallel.h"
#include "bnnc/support/random.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace bnnc::evaluate {

namespace {

// Adds one chip's per-layer read counts to the running totals.
void addReads(std::vector<emulator::ReadCounts> &total,
              const std::vector<emulator::ReadCounts> &chip) {
  total.resize(chip.size());
  for (size_t l = 0; l < chip.size(); ++l) {
    total[l].cell_reads += chip[l].cell_reads;
    total[l].wrong_reads += chip[l].wrong_reads;
    total[l].read_flips += chip[l].read_flips;
  }
}

device::VirtualChip makeChip(const image::ChipImage &image, const Population &p,
                             const device::DeviceModel &model, int c, int threads) {
  uint64_t seed = streamKey(p.seed, {uint64_t(c)});
  if (p.ber)
    return device::injectBitErrors(image, *p.ber, seed);
  return device::programChip(image, model, p.environment, seed, threads,
                             p.fault_map ? &*p.fault_map : nullptr);
}

// What programming one chip took: the programmed chip's counts, or the schedule's for injected
// errors (no device model).
void programmingOf(const image::ChipImage &image, const Population &p,
                   const device::DeviceModel &model, const device::VirtualChip &chip,
                   ChipRecord &rec) {
  if (p.ber) {
    schedulePulses(image.mapping, p.condition.value_or(image.condition), rec);
    return;
  }
  rec.used_cells = chip.used_cells;
  const device::ProgrammingStats &s = chip.programming;
  rec.pulses = s.pulses, rec.sets = s.sets, rec.resets = s.resets;
  rec.verify_reads = s.verify_reads;
  rec.check_cells = chip.check_cells;
  rec.stuck_devices = s.stuck_devices, rec.worn_devices = s.worn_devices;
  // One attempt programs each device of a 2T2R cell once, the single device of a 1T1R cell once.
  int64_t per_cell = model.cell == device::DeviceModel::Cell::TwoT2R ? 2 : 1;
  rec.first_pulses = per_cell * (chip.used_cells + chip.check_cells);
}

// Chip c: programmed, bound to the plan and run on every sample with `threads` threads.
emulator::RunResult runOneChip(const ChipContext &x, const Population &p,
                               const device::DeviceModel &model, int c, int threads,
                               ChipRecord &rec) {
  device::VirtualChip chip = makeChip(x.image, p, model, c, threads);
  std::shared_ptr<const emulator::ChipBinding> binding = emulator::bind(x.plan, chip);
  emulator::RunOptions options;
  options.threads = threads;
  options.chip = binding.get();
  options.seed = p.seed;
  options.chip_index = uint64_t(c);
  emulator::RunResult r = emulator::run(x.plan, x.inputs, options);
  rec.correct = countEqual(r.predictions, x.labels);
  rec.changed = r.samples - countEqual(r.predictions, x.ideal.predictions);
  rec.static_errors = chip.static_errors;
  for (const emulator::ReadCounts &rc : r.reads)
    rec.read_flips += rc.read_flips;
  programmingOf(x.image, p, model, chip, rec);
  rec.planes = runPlanes(x, p, chip, c, threads);
  return r;
}

} // namespace

void schedulePulses(const mapping::Mapping &mapping, const image::Condition &condition,
                    ChipRecord &rec) {
  image::ScheduleTotals t = image::scheduleTotals(mapping, condition);
  rec.pulses = rec.first_pulses = t.pulses;
  rec.sets = t.sets, rec.resets = t.resets;
  rec.used_cells = t.sets; // one SET per used cell
}

int64_t countEqual(std::span<const int64_t> a, std::span<const int64_t> b) {
  int64_t n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    n += a[i] == b[i];
  return n;
}

ChipRuns runChips(const ChipContext &x, const Population &p, const device::DeviceModel &model,
                  const Progress &progress) {
  ChipRuns runs;
  // Several chips: one per thread at a time, each on one thread; one chip: all threads on it.
  int workers = std::max(1, std::min(p.threads, p.chips));
  int per_chip = std::max(1, p.threads / workers);
  runs.chips.resize(size_t(p.chips));
  std::vector<std::vector<emulator::ReadCounts>> reads(size_t(p.chips));
  std::atomic<int> next{0};
  int done = 0;
  std::mutex report;
  runParallel(workers, [&](int) {
    for (int c = next++; c < p.chips; c = next++) {
      emulator::RunResult r = runOneChip(x, p, model, c, per_chip, runs.chips[size_t(c)]);
      reads[size_t(c)] = r.reads;
      std::lock_guard<std::mutex> lock(report);
      if (c == 0)
        runs.first = std::move(r);
      ++done;
      if (progress)
        progress(done, p.chips);
    }
  });
  for (const std::vector<emulator::ReadCounts> &r : reads) // summed in chip order
    addReads(runs.reads, r);
  return runs;
}

} // namespace bnnc::evaluate
