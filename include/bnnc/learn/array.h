// The learning array: single RRAM devices in rows and columns, each with its per-chip draws
// (device-to-device offsets, faults), its present state and its wear. The chain programs a group
// of rows (one model) with RESET + SET toward target conductances and reads it back with read
// noise (docs/learning.md, "The array").
#pragma once

#include "bnnc/image/posterior.h"
#include "bnnc/learn/cost.h"
#include "bnnc/learn/set_law.h"
#include "bnnc/support/random.h"

#include <cstdint>
#include <vector>

namespace bnnc::learn {

// Stream tags of learning: every random number comes from streamKey(seed, {tag, ...}).
enum StreamTag : uint64_t {
  kDeviceStream = 1,    // {tag, row, col}: a device's fault and d2d offsets (per chip)
  kProgramStream = 2,   // {tag, step}: c2c draws and failures of one programming of a group
  kReadStream = 3,      // {tag, step}: read noise of one read of a group
  kAcceptStream = 4,    // {tag, step}: the uniform of the acceptance test
  kSplitStream = 5,     // {tag}: the train/test split
  kEvalStream = 6,      // {tag, sample, group}: reads of a model while evaluating one sample
  kReferenceStream = 7, // {tag}: the CPU reference chain
  kTestStream = 8,      // {tag, group}: the fault test of a group
};
// Step index of the first programming, before the chain's steps 0, 1, ...
constexpr uint64_t kInitialStep = ~uint64_t(0);

// The fault test programs a device at most this many times at each of its two levels before it
// calls it faulty (docs/learning.md, "The fault test").
constexpr int kFaultTries = 3;

struct Wear {
  int64_t max_cycles = 0; // programmings of the most programmed device
  double mean_cycles = 0; // over the devices of every group
};

class LearningArray {
public:
  // The array of `geometry` whose devices are those of the chip `seed`, each in HRS.
  LearningArray(const SetLaw &law, const image::ArrayGeometry &geometry, int64_t devices_per_model,
                uint64_t seed);

  // RESET then SET of each device of `group` toward targets_us[j]; `rng` gives the
  // cycle-to-cycle draws (and failures, with the model's failure rate).
  void program(int64_t group, const std::vector<double> &targets_us, Rng &rng, Events &events);
  // One read of each device of `group`, with the model's read noise from `rng`, in uS.
  void read(int64_t group, Rng &rng, std::vector<double> &out_us, Events &events) const;

  // The periphery's fault test before learning: every device SET at the weakest current of the
  // law must read above the midpoint (in ln R) between the weakest and the strongest SET levels,
  // and SET at the strongest current below the midpoint between that level and the HRS; a
  // device that misses kFaultTries times in a row at either level is faulty. Per group, whether
  // all its devices passed; groups with a faulty device are retired.
  std::vector<bool> faultTest(uint64_t seed, Events &events);

  int64_t stuckDevices() const;
  Wear wear() const;
  const image::ArrayGeometry &geometry() const { return geometry_; }
  const SetLaw &law() const { return law_; }

private:
  struct Device {
    bool stuck = false;
    device::State stuck_state = device::State::Lrs;
    double d2d_lrs = 0, d2d_hrs = 0; // standard normals, fixed per device
    device::State state = device::State::Hrs;
    double ln_r = 0; // ln R now, right after its last programming
    int64_t cycles = 0;
  };
  void programDevice(Device &d, double target_us, Rng &rng, Events &events) const;
  double readDevice(const Device &d, Rng &rng) const; // ln R of one read
  bool passes(Device &d, Rng &rng, Events &events) const;
  Device &at(int64_t group, int64_t j);
  const Device &at(int64_t group, int64_t j) const;

  const SetLaw &law_;
  image::ArrayGeometry geometry_;
  int64_t devices_per_model_;
  std::vector<Device> devices_; // row-major, geometry.groups() x rows_per_model rows
};

} // namespace bnnc::learn
