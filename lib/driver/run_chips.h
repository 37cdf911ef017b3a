// The device-accurate run of a chip image: the ideal chip once, then `chips` virtual chips, each
// programmed with its own seed (or given injected bit errors) and run on every sample. The plan,
// the encoded samples and the ideal chip's run are computed once (IdealRun) and reused by every
// chip, and by every sweep point of the same architecture.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/device/fault_map.h"
#include "bnnc/driver/driver.h"
#include "bnnc/emulator/emulator.h"
#include "bnnc/energy/energy.h"
#include "bnnc/image/image.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::driver {

struct ChipSetup {
  bool ideal = false;        // the ideal chip only
  std::optional<double> ber; // injected bit error rate instead of the device model
  device::DeviceModel model; // the device model otherwise
  device::Environment env;
  std::optional<device::FaultMap> faults; // a measured chip's stuck devices, for every chip
  int chips = 1;
  uint64_t seed = 1;
  int threads = 1;
  energy::Technology technology = energy::defaultTechnology(); // of the energy report
  std::string device_name() const; // model name, "injected-ber" or "ideal"
};

// What one chip did over the samples.
struct ChipRecord {
  int64_t correct = 0;       // predictions equal to the label (0 without labels)
  int64_t changed = 0;       // predictions that differ from the ideal chip's
  int64_t static_errors = 0; // used cells sensed wrong, without read noise
  int64_t read_flips = 0;    // reads inverted by read noise, over all samples
  int64_t pulses = 0;        // programming pulses, verify retries included
  int64_t sets = 0, resets = 0;
  int64_t first_pulses = 0; // the pulses of one attempt at every cell: the rest are retries
  int64_t verify_reads = 0;
  int64_t used_cells = 0, check_cells = 0;
  int64_t stuck_devices = 0, worn_devices = 0;
};

struct ChipRuns {
  emulator::RunResult ideal; // the ideal chip
  emulator::RunResult first; // chip 0 (the ideal chip with --ideal): outputs and predictions
  int64_t ideal_correct = 0;
  std::vector<ChipRecord> chips;           // with --ideal, one record: the ideal chip
  std::vector<emulator::ReadCounts> reads; // per layer, summed over the chips
};

// What every chip of an (image, data) pair shares: the image's plan, the samples after the input
// stage, and the ideal chip's run on them.
struct IdealRun {
  std::shared_ptr<const emulator::Plan> plan;
  std::shared_ptr<const emulator::EncodedInputs> inputs;
  emulator::RunResult result;
  int64_t correct = 0; // predictions equal to the label (0 without labels)
};

// Runs the ideal chip of `plan` on `inputs` (encoded for a plan of the same program) on
// `threads` threads.
IdealRun runIdeal(std::shared_ptr<const emulator::Plan> plan,
                  std::shared_ptr<const emulator::EncodedInputs> inputs,
                  const std::vector<int64_t> &labels, int threads);

// Runs the chips of `setup` on the samples of `ideal` (the ideal chip's run of `image`); chip c is
// programmed with seed streamKey(setup.seed, {c}) and reads with streamKey(setup.seed, {c, s})
// for sample s. Several chips run in parallel, one per thread; a single chip splits its samples
// over the threads. `labels` may be empty. Progress goes to `progress` when it is not null.
ChipRuns runChips(const image::ChipImage &image, const IdealRun &ideal,
                  const std::vector<int64_t> &labels, const ChipSetup &setup,
                  std::ostream *progress);

} // namespace bnnc::driver
