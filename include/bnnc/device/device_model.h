// The RRAM device model: statistics of the resistance states under one programming condition,
// the sense amplifier and its reference, programming, ageing, retention, temperature, read noise
// and faults. Described by a JSON file (schema in docs/device-model.md); the presets of the three
// programming conditions of the talk are points of the programming law (programming_law.h) and
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

// Measured resistances of one programming condition (docs/device-model.md, "Measured
// distributions"): ln R of every measured device, sorted, per state. They replace the log-normal
// shape of the states: a device's standard normal draw z is mapped to the empirical quantile
// of Phi(z).
struct Measured {
  std::string file;             // the CSV they came from, as resolved when read
  std::vector<double> lrs, hrs; // sorted ln R
  bool operator==(const Measured &) const = default;
};

struct DeviceModel {
  std::string name;      // preset name, or the file it came from
  std::string condition; // the programming condition it describes (image::Condition::name)
  ResistanceState lrs, hrs;
  std::optional<Measured> measured;
  double read_sigma = 0; // ln R white read noise, new at every read of a device
  // Random telegraph noise: ln R of a device jumps by a trap's capture, an amplitude larger in
  // the HRS; the trap holds its state for a whole run (one inference), so the repeated reads of
  // a run see the same value.
  struct Telegraph {
    double lrs_sigma = 0, hrs_sigma = 0; // ln R
    bool operator==(const Telegraph &) const = default;
  } telegraph;
  enum class Cell { TwoT2R, OneT1R };
  Cell cell = Cell::TwoT2R;      // 1T1R: device 0 of each cell alone, read against a reference
  double sense_offset_sigma = 0; // PCSA input offset (ln units), fixed per column of a chip
  double series_ohm = 0;         // access transistor and line resistance in every read branch
  struct Reference {
    enum class Trim { None, Array };
    // None: a fixed reference at `ohm` (0 = the geometric mean of the fresh medians). Array: set
    // per tile, after programming, at the BER-optimal point between the two states as they are
    // read, with a residual error of `sigma` (ln units) drawn per tile.
    Trim trim = Trim::None;
    double ohm = 0;
    double sigma = 0;
    bool operator==(const Reference &) const = default;
  } reference;
  // Error-correcting code over the cells of a row: words of `data_bits` cells, each with its
  // check-bit cells (programmed and read like the others), decoded at every read.
  struct Ecc {
    enum class Code { None, Secded, Bch };
    Code code = Code::None;
    int data_bits = 64;
    int t = 1; // errors a BCH word corrects (SECDED: 1)
    bool operator==(const Ecc &) const = default;
  } ecc;
  struct Verify {
    bool enabled = false;
    int max_retries = 0; // extra programming attempts of a cell that fails verification
    double margin = 0;   // required sense margin at verification (ln units), signed
    bool operator==(const Verify &) const = default;
  } verify;
  double program_failure_rate = 0; // probability that a pulse leaves a device unswitched
  struct Ageing {
    double onset_cycles = 0;            // no effect before this many programming cycles
    double lrs_drift_per_decade = 0;    // ln R the LRS median rises per decade past the onset
    double hrs_drift_per_decade = 0;    // ln R the HRS median falls per decade past the onset
    double sigma_growth_per_decade = 0; // relative growth of the cycle-to-cycle sigmas
    double failure_cycles = 0;          // median cycles to an endurance failure (0: none)
    double failure_sigma_decades = 0;   // spread of log10(cycles to failure) among devices
    bool operator==(const Ageing &) const = default;
  } ageing;
  struct Retention {
    double lrs_drift_per_decade = 0;    // ln R the LRS rises per decade of time, at reference_k
    double hrs_drift_per_decade = 0;    // ln R the HRS falls per decade of time
    double tail_relaxation = 0;         // extra drift per standard score toward the other state
    double sigma_growth_per_decade = 0; // independent spreading, ln R per decade
    double reference_s = 1;             // time of the first decade
    double activation_ev = 0;           // Arrhenius activation energy of the relaxation
    double reference_k = 300;           // temperature at which the drifts hold
    bool operator==(const Retention &) const = default;
  } retention;
  struct Temperature {
    double reference_k = 300;         // temperature of the medians
    double lrs_coefficient_per_k = 0; // d ln R_LRS / dT (metallic filament)
    double hrs_activation_ev = 0;     // R_HRS ~ exp(Ea / kT) (thermally activated)
    bool operator==(const Temperature &) const = default;
  } temperature;
  struct Faults {
    double stuck_lrs = 0, stuck_hrs = 0, never_formed = 0; // per device
    bool operator==(const Faults &) const = default;
  } faults;
  bool operator==(const DeviceModel &) const = default;
};

// Conditions of use of a chip instance.
struct Environment {
  double cycles = 0;          // programming cycles every device had seen before this programming
  double retention_s = 0;     // time since programming
  double temperature_k = 300; // of storage and of the reads
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
// ("dev.json: /hrs/sigma_c2c: error: must be a non-negative number, got -1"). A relative
// "base" or measured file is found next to `source`.
DeviceModel parseDeviceModel(const std::string &text, const std::string &source);
// Every field of `m` in the schema of docs/device-model.md (plain numbers, no sources):
// parseDeviceModel of its text gives `m` back.
InputJson deviceModelJson(const DeviceModel &m);
// A preset name ("typical", "endurance", "low-energy"), a device model file or a programming
// condition file (the law's device for it); a name that is neither is
// "--device: error: unknown device preset 'x' (known: typical, endurance, low-energy)".
DeviceModel loadDeviceModel(const std::string &name_or_path);
const std::vector<DeviceModel> &devicePresets(); // identical to data/devices.json

// Probability that one read of one data bit is wrong, from the statistics alone (no faults, no
// endurance failures, no programming failures, no verify): the raw rate of a cell
// (rawBitErrorRate) after the code's decoding, if any. docs/device-model.md derives both.
double analyticBitErrorRate(const DeviceModel &model, const Environment &env);
// The same for one cell read without decoding: 2T2R Phi(-W / sqrt(...)), 1T1R the mean of the two
// states' error probabilities against the reference.
double rawBitErrorRate(const DeviceModel &model, const Environment &env);

} // namespace bnnc::device
