// The learning array's devices: per-chip draws, programming by RESET + SET, reads with noise.
#include "bnnc/learn/array.h"

#include <algorithm>
#include <cmath>

namespace bnnc::learn {

using device::State;

LearningArray::LearningArray(const SetLaw &law, const image::ArrayGeometry &geometry,
                             int64_t devices_per_model, uint64_t seed)
    : law_(law), geometry_(geometry), devices_per_model_(devices_per_model) {
  int64_t rows = geometry.groups() * geometry.rows_per_model;
  devices_.resize(size_t(rows * geometry.cols));
  const device::Physics &phys = law.physics();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < geometry.cols; ++c) {
      Device &d = devices_[size_t(r * geometry.cols + c)];
      // A fixed order of draws: the same chip has the same devices whatever is learned on it.
      Rng rng(streamKey(seed, {kDeviceStream, uint64_t(r), uint64_t(c)}));
      d.stuck = device::drawFault(law.model().faults, rng.uniform(), d.stuck_state);
      d.d2d_lrs = rng.normal();
      d.d2d_hrs = rng.normal();
      d.state = d.stuck ? d.stuck_state : State::Hrs;
      d.ln_r = phys.programmed(d.state, d.state == State::Lrs ? d.d2d_lrs : d.d2d_hrs, 0);
    }
}

// Device j of a group is in row group x rows_per_model + j / cols, column j % cols.
LearningArray::Device &LearningArray::at(int64_t group, int64_t j) {
  return devices_[size_t(group * geometry_.rows_per_model * geometry_.cols + j)];
}
const LearningArray::Device &LearningArray::at(int64_t group, int64_t j) const {
  return devices_[size_t(group * geometry_.rows_per_model * geometry_.cols + j)];
}

// RESET, then SET at the compliance aimed at the target. A stuck device ends in its stuck state
// (LRS at the condition's compliance, HRS, or pristine); with the model's failure rate a failed
// RESET leaves the device as it was (the SET that follows finds it set) and a failed SET leaves
// it in HRS. The pulses are applied, and paid for, whatever happens.
void LearningArray::programDevice(Device &d, double target_us, Rng &rng, Events &ev) const {
  const device::Physics &phys = law_.physics();
  double i = law_.complianceUa(target_us);
  ev.reset_pulses += 1;
  ev.reset_energy_pj += law_.resetEnergyPj(toMicrosiemens(std::exp(d.ln_r)));
  ev.set_pulses += 1;
  ev.set_energy_pj += law_.setEnergyPj(i);
  d.cycles += 1;
  if (d.stuck) {
    double c2c = d.stuck_state == State::Pristine ? 0.0 : rng.normal();
    d.ln_r =
        phys.programmed(d.stuck_state, d.stuck_state == State::Lrs ? d.d2d_lrs : d.d2d_hrs, c2c);
    return;
  }
  double rate = law_.model().program_failure_rate;
  if (rate > 0 && rng.uniform() < rate) // the RESET failed
    return;
  if (rate > 0 && rng.uniform() < rate) { // the SET failed
    d.state = State::Hrs;
    d.ln_r = phys.programmed(State::Hrs, d.d2d_hrs, rng.normal());
    return;
  }
  d.state = State::Lrs;
  d.ln_r =
      law_.medianLnR(i) + law_.model().lrs.sigma_d2d * d.d2d_lrs + law_.c2cSigma(i) * rng.normal();
}

void LearningArray::program(int64_t group, const std::vector<double> &targets_us, Rng &rng,
                            Events &events) {
  for (int64_t j = 0; j < devices_per_model_; ++j)
    programDevice(at(group, j), targets_us[size_t(j)], rng, events);
}

void LearningArray::read(int64_t group, Rng &rng, std::vector<double> &out_us,
                         Events &events) const {
  out_us.resize(size_t(devices_per_model_));
  for (int64_t j = 0; j < devices_per_model_; ++j)
    out_us[size_t(j)] = toMicrosiemens(std::exp(readDevice(at(group, j), rng)));
  events.device_reads += devices_per_model_;
  events.row_reads += geometry_.rows_per_model;
}

// A read sees the state after retention (docs/device-model.md, 3.1) plus the read noise of one
// device, N(0, read_sigma^2) on ln R.
double LearningArray::readDevice(const Device &d, Rng &rng) const {
  return law_.physics().atRead(d.state, d.ln_r) + law_.model().read_sigma * rng.normal();
}

// A healthy device SET at I_min reads around the law's median there, far above the strongest
// level; one stuck in LRS reads at the strongest level whatever the current. A healthy device SET
// at I_max reads around that level, far below the HRS; one stuck in HRS (or never formed) reads
// at the HRS or above. The midpoints are half the distance from each side, and a miss is retried
// (a new cycle-to-cycle draw), so that the spread of a weak SET (0.5 in ln R for the low-energy
// preset, a 1 % chance of one miss) rarely retires a healthy device: three misses in a row are a
// fault. When ageing closes the window the levels meet and healthy devices fail too: they no
// longer follow the programming current.
bool LearningArray::passes(Device &d, Rng &rng, Events &events) const {
  const image::ProgrammingLaw &l = law_.law();
  double low = law_.medianLnR(l.set_current_min_ua), high = law_.medianLnR(l.set_current_max_ua);
  double hrs = law_.physics().lnHrsProgrammed();
  struct Level {
    double current, midpoint;
    bool above; // the read must be above the midpoint (a weak SET), or below it
  };
  for (Level level : {Level{l.set_current_min_ua, (low + high) / 2, true},
                      Level{l.set_current_max_ua, (high + hrs) / 2, false}}) {
    int misses = 0;
    for (; misses < kFaultTries; ++misses) {
      programDevice(d, law_.nominalUs(level.current), rng, events);
      double ln_r = readDevice(d, rng);
      events.device_reads += 1;
      events.row_reads += 1;
      if ((ln_r > level.midpoint) == level.above)
        break;
    }
    if (misses == kFaultTries)
      return false;
  }
  return true;
}

std::vector<bool> LearningArray::faultTest(uint64_t seed, Events &events) {
  std::vector<bool> usable(size_t(geometry_.groups()), true);
  for (int64_t g = 0; g < geometry_.groups(); ++g) {
    Rng rng(streamKey(seed, {kTestStream, uint64_t(g)}));
    for (int64_t j = 0; j < devices_per_model_; ++j)
      usable[size_t(g)] = passes(at(g, j), rng, events) && usable[size_t(g)];
  }
  return usable;
}

int64_t LearningArray::stuckDevices() const {
  return std::count_if(devices_.begin(), devices_.end(), [](const Device &d) { return d.stuck; });
}

Wear LearningArray::wear() const {
  Wear w;
  double sum = 0;
  for (const Device &d : devices_) {
    w.max_cycles = std::max(w.max_cycles, d.cycles);
    sum += double(d.cycles);
  }
  w.mean_cycles = devices_.empty() ? 0 : sum / double(devices_.size());
  return w;
}

} // namespace bnnc::learn
