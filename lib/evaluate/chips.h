// The chips of an evaluation (see bnnc/evaluate/evaluate.h): each programmed with its own seed
// (or given injected bit errors), bound to the image's plan and run on every sample.
#pragma once

#include "bnnc/evaluate/evaluate.h"
#include "bnnc/evaluate/reference.h" // countEqual

namespace bnnc::evaluate {

struct ChipRuns {
  emulator::RunResult first;               // chip 0: outputs and predictions
  std::vector<ChipRecord> chips;           // one per chip
  std::vector<emulator::ReadCounts> reads; // per layer, summed over the chips
};

// What every chip of a population shares.
struct ChipContext {
  const image::ChipImage &image;
  const emulator::Plan &plan;
  const emulator::EncodedInputs &inputs;
  const emulator::RunResult &ideal; // the ideal chip's run
  const std::vector<int64_t> &labels;
};

// Each weight plane's errors alone on `chip` (chip `c` of the population): for every plane of
// every layer with multi-bit weights, the chip runs again with only that plane's errors and the
// same read-noise streams. Empty when no layer has multi-bit weights.
std::vector<PlaneRecord> runPlanes(const ChipContext &context, const Population &population,
                                   const device::VirtualChip &chip, int c, int threads);

// The programming of a chip as the schedule of `condition` gives it: one SET and one RESET per
// used cell (the ideal chip, injected errors).
void schedulePulses(const mapping::Mapping &mapping, const image::Condition &condition,
                    ChipRecord &rec);

// Runs the chips of `population` (not ideal; `model` is its device model unless it injects a
// BER). Chip c is programmed with seed streamKey(seed, {c}) and reads with
// streamKey(seed, {c, s}) for sample s. Several chips run in parallel, one per thread; a single
// chip splits its samples over the threads. `progress`, when set, is called after each chip.
ChipRuns runChips(const ChipContext &context, const Population &population,
                  const device::DeviceModel &model, const Progress &progress);

} // namespace bnnc::evaluate
