// The RRAM device model: statistics of the resistance states under one programming condition,
// the sense amplifier, programming, ageing, retention and faults. Described by a JSON file
// (schema in docs/device-model.md); presets for the three programming conditions of the talk
// live in data/devices.json, every number with its source or "calibration guess".
#pragma once

#include "bnnc/support/json_input.h"

#include <optional>
#include <string>
#include <vector>

namespace bnnc::device {

// ln R ~ N(ln median, sigma^2) with sigma^2 = sigma_d2d^2 + sigma_c2c^2: the device-to-device part
// is drawn once per device of a chip, the cycle-to-cycle part at every programming.
struct ResistanceState {
  double median_ohm = 0;
  double sigma_d2d = 0;
  double sigma_c2c = 0;
  bool operator==(const ResistanceState &) const = default;
};

struct DeviceModel {
  std::string name;      // preset name, or the file it came from
  std::string condition; // the programming condition it describes (image::Condition::name)
  ResistanceState lrs, hrs;
  double read_sigma = 0; // ln R read noise, new at every read of a device
  enum class Cell { TwoT2R, OneT1R };
  Cell cell = Cell::TwoT2R;      // 1T1R: device 0 of each pair read against reference_ohm
  double sense_offset_sigma = 0; // PCSA input offset (ln R units), fixed per column of a chip
  double reference_ohm = 0;      // 1T1R reference; 0 = the geometric mean of the medians
  struct Verify {
    bool enabled = false;
    int max_retries = 0; // extra programming attempts of a pair that fails verification
    double margin = 0;   // required sense margin of a pair at verification (ln units):
                         // ln R_hrs - ln R_lrs, signed (an inverted pair always fails)
    bool operator==(const Verify &) const = default;
  } verify;
  double program_failure_rate = 0; // probability that a pulse leaves a device unswitched
  struct Ageing {
    double onset_cycles = 0;           // no effect before this many programming cycles
    double window_loss_per_decade = 0; // fraction of ln(median_hrs / median_lrs) lost per decade
    bool operator==(const Ageing &) const = default;
  } ageing;
  struct Retention {
    double drift_per_decade = 0; // ln R each state relaxes toward the other, per decade of time
    double reference_s = 1;      // time of the first decade
    double activation_ev = 0;    // Arrhenius activation energy of the relaxation
    double reference_k = 300;    // temperature at which drift_per_decade holds
    bool operator==(const Retention &) const = default;
  } retention;
  struct Faults {
    double stuck_lrs = 0, stuck_hrs = 0, never_formed = 0; // per device
    bool operator==(const Faults &) const = default;
  } faults;
  bool operator==(const DeviceModel &) const = default;
};

// Conditions of use of a chip instance.
struct Environment {
  double cycles = 0;      // programming cycles the devices have seen (age)
  double retention_s = 0; // time since programming
  double temperature_k = 300;
};

// What is wrong with an environment: the field and a message without it, e.g.
// {"cycles", "must be a non-negative number, got -1"}; the caller names its flag.
struct EnvironmentProblem {
  std::string field;
  std::string message;
};
// The first problem of `env` (cycles >= 0, retention_s >= 0, 0 < temperature_k <= 2000), if any.
std::optional<EnvironmentProblem> checkEnvironment(const Environment &env);

// Parses and validates a device model JSON text (numbers plain or {"value", "source"}; unknown
// keys are errors); errors give a JSON pointer
// ("dev.json: /hrs/sigma_c2c: error: must be a non-negative number, got -1").
DeviceModel parseDeviceModel(const std::string &text, const std::string &source);
// Every field of `m` in the schema of docs/device-model.md (plain numbers, no sources):
// parseDeviceModel of its text gives `m` back.
InputJson deviceModelJson(const DeviceModel &m);
// A preset name ("typical", "endurance", "low-energy") or a JSON file path; a name that is
// neither is "--device: error: unknown device preset 'x' (known: typical, endurance, low-energy)".
DeviceModel loadDeviceModel(const std::string &name_or_path);
const std::vector<DeviceModel> &devicePresets(); // identical to data/devices.json

// Probability that one read of one cell gives the wrong bit, from the statistics alone
// (no faults, no programming failures, no verify), for the model's cell kind:
//   2T2R: Phi(-(ln mH - ln mL) / sqrt(sL^2 + sH^2 + 2 r^2 + o^2)), mH, mL after ageing and
//   retention, sL, sH the total sigmas, r the read noise, o the sense offset;
//   1T1R: the mean of the two states' error probabilities against the reference.
double analyticBitErrorRate(const DeviceModel &model, const Environment &env);

} // namespace bnnc::device
