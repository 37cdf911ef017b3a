// One cell: its devices' per-chip draws and one programming of the cell
// (docs/device-model.md, "Programming a cell").
#include "cell_program.h"

#include <cmath>

namespace bnnc::device {

namespace {

State opposite(State s) { return s == State::Lrs ? State::Hrs : State::Lrs; }

// One device during a programming: its state and ln R after its last pulse, the ageing it had
// then, and whether it has worn out.
struct Device {
  State state = State::Lrs;
  double ln_r = 0;
  Aged aged;
  bool worn = false;
};

// One pulse toward `target` on a device that has seen `cycles` cycles. A stuck device ends in
// its stuck state (a pristine one at its fixed pristine resistance); a device whose cycles have
// passed its endurance is worn out and stays in LRS (the RESET no longer ruptures the filament);
// a working one fails with the model's rate and then stays in the opposite state. The state it
// ends in gets a new cycle-to-cycle draw, with the spread of its age.
void pulse(const Physics &phys, Rng &rng, const DeviceDraws &d, State target, double cycles,
           Device &dev, ProgrammingStats &stats) {
  const DeviceModel &m = phys.model();
  dev.aged = cycles == phys.env().cycles ? phys.aged() : phys.agedAt(cycles);
  dev.worn = dev.worn || (!d.stuck && enduranceFailure(m, cycles) > d.endurance);
  if (d.stuck) {
    dev.state = d.stuck_state;
  } else if (dev.worn) {
    dev.state = State::Lrs;
  } else {
    bool failed = m.program_failure_rate > 0 && rng.uniform() < m.program_failure_rate;
    stats.failed_devices += failed;
    dev.state = failed ? opposite(target) : target;
  }
  double d2d = dev.state == State::Lrs ? d.d2d_lrs : d.d2d_hrs;
  double c2c = dev.state == State::Pristine ? 0.0 : rng.normal();
  dev.ln_r = phys.programmed(dev.state, dev.aged, d2d, c2c);
  ++stats.pulses;
  ++(target == State::Hrs ? stats.resets : stats.sets);
}

} // namespace

void drawCellDevices(const DeviceModel &model, Rng rng, DeviceDraws devices[2]) {
  // A fixed order of draws, whatever the model or the bit: the same chip gives the same devices.
  for (int d = 0; d < 2; ++d) {
    devices[d].stuck = drawFault(model.faults, rng.uniform(), devices[d].stuck_state);
    devices[d].d2d_lrs = rng.normal();
    devices[d].d2d_hrs = rng.normal();
  }
  for (int d = 0; d < 2; ++d)
    devices[d].endurance = rng.uniform();
}

void applyFaults(const FaultMap::Entry *const found[2], DeviceDraws devices[2]) {
  for (int d = 0; d < 2; ++d) {
    devices[d].stuck = found[d] != nullptr;
    if (!found[d])
      continue;
    devices[d].stuck_state = found[d]->kind == FaultKind::StuckLrs   ? State::Lrs
                             : found[d]->kind == FaultKind::StuckHrs ? State::Hrs
                                                                     : State::Pristine;
  }
}

CellOutcome programCell(const Physics &phys, Rng &rng, bool bit, const DeviceDraws devices[2],
                        double ln_ref) {
  const DeviceModel &m = phys.model();
  const bool pair = m.cell == DeviceModel::Cell::TwoT2R;
  CellOutcome out;
  // Bit 1: device 0 to LRS (and device 1 to HRS). A 2T2R pair RESETs its HRS device first.
  const int reset_dev = bit ? 1 : 0, set_dev = 1 - reset_dev;
  // The verified margin points toward the stored bit: +z0 for a 1, -z0 for a 0.
  const double toward_bit = bit ? 1.0 : -1.0;
  Device dev[2];
  const int devices_used = pair ? 2 : 1;
  for (int attempt = 0;; ++attempt) {
    // The attempt-th pulse of a device in this programming finds it `attempt` cycles older.
    double cycles = phys.env().cycles + attempt;
    if (pair) {
      pulse(phys, rng, devices[reset_dev], State::Hrs, cycles, dev[reset_dev], out.stats);
      pulse(phys, rng, devices[set_dev], State::Lrs, cycles, dev[set_dev], out.stats);
    } else {
      pulse(phys, rng, devices[0], bit ? State::Lrs : State::Hrs, cycles, dev[0], out.stats);
    }
    if (!m.verify.enabled)
      break;
    // The verify read measures the devices themselves (no column offset) with one read's noise.
    ++out.stats.verify_reads;
    MarginNoise n = phys.noise(dev[0].state, dev[0].ln_r, dev[1].state, dev[1].ln_r);
    double seen = toward_bit * phys.margin(dev[0].ln_r, dev[1].ln_r, 0.0, ln_ref) +
                  std::hypot(n.white, n.telegraph) * rng.normal();
    if (seen >= m.verify.margin || attempt >= m.verify.max_retries)
      break;
  }
  // Retention spreads each programmed device by its own normal, drawn whenever the model spreads
  // (not only when time has passed: the same chip keeps the same draws at any retention time).
  bool spreads = m.retention.sigma_growth_per_decade > 0;
  for (int d = 0; d < devices_used; ++d) {
    double xi = spreads ? rng.normal() : 0.0;
    out.state[d] = dev[d].state;
    out.ln_r[d] = phys.atRead(dev[d].state, dev[d].aged, dev[d].ln_r, xi);
    out.stats.stuck_devices += devices[d].stuck || dev[d].worn;
    out.stats.worn_devices += !devices[d].stuck && dev[d].worn;
  }
  if (!pair) // device 1 of a 1T1R cell is not programmed nor read
    out.state[1] = State::Hrs, out.ln_r[1] = out.ln_r[0];
  return out;
}

} // namespace bnnc::device
