// The chips of `bnnc run` (see run_chips.h): the ideal chip once, then the virtual chips, in
// parallel over the threads when there are several (each chip's result depends on its index
// only); only chip 0's outputs are kept.
#include "run_chips.h"

#include "bnnc/device/virtual_chip.h"
#include "bnnc/image/schedule.h"
#include "bnnc/support/parallel.h"
#include "bnnc/support/random.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <ostream>

namespace bnnc::driver {

std::string ChipSetup::device_name() const {
  if (ideal)
    return "ideal";
  return ber ? "injected-ber" : model.name;
}

namespace {

int64_t countEqual(const std::vector<int64_t> &a, const std::vector<int64_t> &b) {
  int64_t n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    n += a[i] == b[i];
  return n;
}

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

device::VirtualChip makeChip(const image::ChipImage &image, const ChipSetup &setup, int c,
                             int threads) {
  uint64_t seed = streamKey(setup.seed, {uint64_t(c)});
  if (setup.ber)
    return device::injectBitErrors(image, *setup.ber, seed);
  return device::programChip(image, setup.model, setup.env, seed, threads,
                             setup.faults ? &*setup.faults : nullptr);
}

// The programming of a chip as the schedule gives it: one SET and one RESET per used cell.
void schedulePulses(const image::ChipImage &image, ChipRecord &rec) {
  image::ScheduleTotals t = image::scheduleTotals(image.mapping, image.condition);
  rec.pulses = rec.first_pulses = t.pulses;
  rec.sets = t.sets, rec.resets = t.resets;
  rec.used_cells = t.sets; // one SET per used cell
}

// The ideal chip as the only chip: no errors, the schedule's pulses.
ChipRuns idealOnly(const image::ChipImage &image, ChipRuns runs) {
  runs.first = runs.ideal;
  runs.reads = runs.ideal.reads;
  ChipRecord rec;
  rec.correct = runs.ideal_correct;
  schedulePulses(image, rec);
  runs.chips.push_back(rec);
  return runs;
}

// What programming one chip took: the programmed chip's counts, or the schedule's for injected
// errors (no device model).
void programmingOf(const image::ChipImage &image, const ChipSetup &setup,
                   const device::VirtualChip &chip, ChipRecord &rec) {
  if (setup.ber) {
    schedulePulses(image, rec);
    return;
  }
  rec.used_cells = chip.used_cells;
  const device::ProgrammingStats &p = chip.programming;
  rec.pulses = p.pulses, rec.sets = p.sets, rec.resets = p.resets;
  rec.verify_reads = p.verify_reads;
  rec.check_cells = chip.check_cells;
  rec.stuck_devices = p.stuck_devices, rec.worn_devices = p.worn_devices;
  // One attempt programs each device of a 2T2R cell once, the single device of a 1T1R cell once.
  int64_t per_cell = setup.model.cell == device::DeviceModel::Cell::TwoT2R ? 2 : 1;
  rec.first_pulses = per_cell * (chip.used_cells + chip.check_cells);
}

// Chip c: programmed, bound to the plan and run on every sample with `threads` threads.
emulator::RunResult runOneChip(const image::ChipImage &image, const IdealRun &ideal,
                               const std::vector<int64_t> &labels, const ChipSetup &setup, int c,
                               int threads, ChipRecord &rec) {
  device::VirtualChip chip = makeChip(image, setup, c, threads);
  std::shared_ptr<const emulator::ChipBinding> binding = emulator::bind(*ideal.plan, chip);
  emulator::RunOptions options;
  options.threads = threads;
  options.chip = binding.get();
  options.seed = setup.seed;
  options.chip_index = uint64_t(c);
  emulator::RunResult r = emulator::run(*ideal.plan, *ideal.inputs, options);
  rec.correct = countEqual(r.predictions, labels);
  rec.changed = r.samples - countEqual(r.predictions, ideal.result.predictions);
  rec.static_errors = chip.static_errors;
  for (const emulator::ReadCounts &rc : r.reads)
    rec.read_flips += rc.read_flips;
  programmingOf(image, setup, chip, rec);
  return r;
}

} // namespace

IdealRun runIdeal(std::shared_ptr<const emulator::Plan> plan,
                  std::shared_ptr<const emulator::EncodedInputs> inputs,
                  const std::vector<int64_t> &labels, int threads) {
  IdealRun ideal{std::move(plan), std::move(inputs), {}, 0};
  emulator::RunOptions options;
  options.threads = threads;
  ideal.result = emulator::run(*ideal.plan, *ideal.inputs, options);
  ideal.correct = countEqual(ideal.result.predictions, labels);
  return ideal;
}

ChipRuns runChips(const image::ChipImage &image, const IdealRun &ideal,
                  const std::vector<int64_t> &labels, const ChipSetup &setup,
                  std::ostream *progress) {
  ChipRuns runs;
  runs.ideal = ideal.result;
  runs.ideal_correct = ideal.correct;
  if (setup.ideal)
    return idealOnly(image, std::move(runs));
  // Several chips: one per thread at a time, each on one thread; one chip: all threads on it.
  int workers = std::max(1, std::min(setup.threads, setup.chips));
  int per_chip = std::max(1, setup.threads / workers);
  runs.chips.resize(size_t(setup.chips));
  std::vector<std::vector<emulator::ReadCounts>> reads(size_t(setup.chips));
  std::atomic<int> next{0}, done{0};
  std::mutex report;
  runParallel(workers, [&](int) {
    for (int c = next++; c < setup.chips; c = next++) {
      emulator::RunResult r =
          runOneChip(image, ideal, labels, setup, c, per_chip, runs.chips[size_t(c)]);
      reads[size_t(c)] = r.reads;
      std::lock_guard<std::mutex> lock(report);
      if (c == 0)
        runs.first = std::move(r);
      if (progress)
        *progress << "\rchip " << ++done << "/" << setup.chips << std::flush;
    }
  });
  for (const std::vector<emulator::ReadCounts> &r : reads) // summed in chip order
    addReads(runs.reads, r);
  if (progress)
    *progress << "\r" << std::string(32, ' ') << "\r" << std::flush;
  return runs;
}

} // namespace bnnc::driver
