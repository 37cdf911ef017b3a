// The chips of `bnnc run` (see run_chips.h): ideal chip, then one virtual chip after the other,
// each run with all threads on its samples; only chip 0's outputs are kept.
#include "run_chips.h"

#include "bnnc/device/virtual_chip.h"
#include "bnnc/image/schedule.h"
#include "bnnc/support/random.h"

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

device::VirtualChip makeChip(const image::ChipImage &image, const ChipSetup &setup, int c) {
  uint64_t seed = streamKey(setup.seed, {uint64_t(c)});
  if (setup.ber)
    return device::injectBitErrors(image, *setup.ber, seed);
  return device::programChip(image, setup.model, setup.env, seed, setup.threads,
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

} // namespace

ChipRuns runChips(const image::ChipImage &image, const std::vector<float> &inputs, int64_t count,
                  const std::vector<int64_t> &labels, const ChipSetup &setup,
                  std::ostream *progress) {
  ChipRuns runs;
  emulator::RunOptions options;
  options.threads = setup.threads;
  runs.ideal = emulator::runChip(image, inputs, count, options);
  runs.ideal_correct = countEqual(runs.ideal.predictions, labels);
  if (setup.ideal)
    return idealOnly(image, std::move(runs));
  for (int c = 0; c < setup.chips; ++c) {
    if (progress)
      *progress << "\rchip " << c + 1 << "/" << setup.chips << std::flush;
    device::VirtualChip chip = makeChip(image, setup, c);
    options.chip = &chip;
    options.seed = setup.seed;
    options.chip_index = uint64_t(c);
    emulator::RunResult r = emulator::runChip(image, inputs, count, options);
    ChipRecord rec;
    rec.correct = countEqual(r.predictions, labels);
    rec.changed = count - countEqual(r.predictions, runs.ideal.predictions);
    rec.static_errors = chip.static_errors;
    for (const emulator::ReadCounts &rc : r.reads)
      rec.read_flips += rc.read_flips;
    programmingOf(image, setup, chip, rec);
    runs.chips.push_back(rec);
    addReads(runs.reads, r.reads);
    if (c == 0)
      runs.first = std::move(r);
  }
  if (progress)
    *progress << "\r" << std::string(32, ' ') << "\r" << std::flush;
  return runs;
}

} // namespace bnnc::driver
