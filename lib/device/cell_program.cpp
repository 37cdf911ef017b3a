// One cell: its devices' per-chip draws and one programming of the pair
// (docs/device-model.md, "Programming a chip").
#include "cell_program.h"

namespace bnnc::device {

namespace {

State opposite(State s) { return s == State::Lrs ? State::Hrs : State::Lrs; }

// One device of a cell during a programming: its state and ln R right after the pulse.
struct Device {
  State state = State::Lrs;
  double ln_r = 0;
};

// One pulse toward `target`. A stuck device ends in its stuck state (a pristine one at its fixed
// pristine resistance); a working one fails with the model's rate and then stays in the opposite
// state. Either way the state it ends in gets a new cycle-to-cycle draw.
Device pulse(const Physics &phys, Rng &rng, const DeviceDraws &d, State target,
             ProgrammingStats &stats) {
  Device out;
  if (d.stuck) {
    out.state = d.stuck_state;
  } else {
    double rate = phys.model().program_failure_rate;
    bool failed = rate > 0 && rng.uniform() < rate;
    stats.failed_devices += failed;
    out.state = failed ? opposite(target) : target;
  }
  double d2d = out.state == State::Lrs ? d.d2d_lrs : d.d2d_hrs;
  double c2c = out.state == State::Pristine ? 0.0 : rng.normal();
  out.ln_r = phys.programmed(out.state, d2d, c2c);
  return out;
}

} // namespace

void drawCellDevices(const DeviceModel &model, uint64_t seed, uint64_t tile, uint64_t row,
                     uint64_t col, DeviceDraws devices[2]) {
  Rng rng(streamKey(seed, {kDeviceStream, tile, row, col}));
  // A fixed order of draws, whatever the model or the bit: the same chip gives the same devices.
  for (int d = 0; d < 2; ++d) {
    devices[d].stuck = drawFault(model.faults, rng.uniform(), devices[d].stuck_state);
    devices[d].d2d_lrs = rng.normal();
    devices[d].d2d_hrs = rng.normal();
  }
}

CellOutcome programCell(const Physics &phys, Rng &rng, bool bit, const DeviceDraws devices[2]) {
  const DeviceModel &m = phys.model();
  CellOutcome out;
  out.stats.stuck_devices = devices[0].stuck + devices[1].stuck;
  // Bit 1: device 0 to LRS, device 1 to HRS. The HRS device is RESET first, then the other SET.
  const int reset_dev = bit ? 1 : 0, set_dev = 1 - reset_dev;
  // The verified margin points toward the stored bit: +z0 for a 1, -z0 for a 0.
  const double toward_bit = bit ? 1.0 : -1.0;
  Device dev[2];
  for (int attempt = 0;; ++attempt) {
    dev[reset_dev] = pulse(phys, rng, devices[reset_dev], State::Hrs, out.stats);
    dev[set_dev] = pulse(phys, rng, devices[set_dev], State::Lrs, out.stats);
    out.stats.pulses += 2;
    if (!m.verify.enabled)
      break;
    // The verify read measures the devices themselves (no column offset) with one read's noise.
    ++out.stats.verify_reads;
    double seen =
        toward_bit * phys.margin(dev[0].ln_r, dev[1].ln_r, 0.0) + phys.readSigma() * rng.normal();
    if (seen >= m.verify.margin || attempt >= m.verify.max_retries)
      break;
  }
  for (int d = 0; d < 2; ++d)
    out.ln_r[d] = phys.atRead(dev[d].state, dev[d].ln_r);
  return out;
}

} // namespace bnnc::device
