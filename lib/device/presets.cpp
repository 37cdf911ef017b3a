// The device model presets, compiled in, and loadDeviceModel. data/devices.json holds the same
// numbers with the source of each one; a unit test keeps the two equal. docs/device-model.md
// ("Presets and calibration") derives them.
#include "bnnc/device/device_model.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <filesystem>

namespace bnnc::device {

namespace {

// What the three conditions share. LRS: a 200 uA compliance gives a ~3 kOhm filament with a
// narrow spread. Read noise and PCSA offset: 5 % in resistance (0.05 in ln R). Verify off, three
// retries when enabled. Retention relaxes both states at 1.2 eV, referred to 300 K and 1 s.
// Ageing removes 10 % of the window per decade of cycles past the talk's cyclability.
DeviceModel common(const char *name, double onset_cycles) {
  DeviceModel m;
  m.name = name;
  m.condition = name;
  m.lrs = {3000, 0.10, 0.10};
  m.read_sigma = 0.05;
  m.sense_offset_sigma = 0.05;
  m.verify = {false, 3, 0};
  m.ageing = {onset_cycles, 0.10};
  m.retention = {0.02, 1, 1.2, 300};
  m.faults = {1e-9, 1e-9, 1e-9};
  return m;
}

// typical (RESET 2.5 V, 1 us): the widest window. ln(85k / 3k) = 3.344 over
// sqrt(0.1^2 + 0.1^2 + 0.35^2 + 0.5^2 + 2 x 0.05^2 + 0.05^2) = 0.6325 is z = 5.287, BER 6.2e-8.
DeviceModel typical() {
  DeviceModel m = common("typical", 1e8);
  m.hrs = {85000, 0.35, 0.50};
  m.verify.margin = 1.7;
  m.program_failure_rate = 1e-9;
  return m;
}

// endurance (RESET 1.5 V): a weaker RESET leaves a lower, narrower HRS and fails more often.
// ln(23k / 3k) = 2.037 over sqrt(0.02 + 0.3^2 + 0.4^2 + 0.0075) = 0.5268 is z = 3.867, BER 5.5e-5.
DeviceModel endurance() {
  DeviceModel m = common("endurance", 1e10);
  m.hrs = {23000, 0.30, 0.40};
  m.verify.margin = 1.0;
  m.program_failure_rate = 1e-6;
  m.retention.drift_per_decade = 0.03;
  m.faults.stuck_lrs = 1e-7;
  return m;
}

// low-energy (RESET 2 V, 0.1 us): short pulses leave a higher, broader LRS and a lower HRS.
// ln(58k / 4k) = 2.674 over sqrt(0.12^2 + 0.15^2 + 0.35^2 + 0.45^2 + 0.0075) = 0.6078 is
// z = 4.400, BER 5.4e-6.
DeviceModel lowEnergy() {
  DeviceModel m = common("low-energy", 1e8);
  m.lrs = {4000, 0.12, 0.15};
  m.hrs = {58000, 0.35, 0.45};
  m.verify.margin = 1.3;
  m.program_failure_rate = 1e-7;
  m.retention.drift_per_decade = 0.03;
  m.faults.stuck_lrs = 1e-8;
  return m;
}

// A name that can only be meant as a file: it has a directory part or a .json extension.
bool looksLikePath(const std::string &s) {
  return s.find('/') != std::string::npos ||
         (s.size() > 5 && s.compare(s.size() - 5, 5, ".json") == 0);
}

} // namespace

const std::vector<DeviceModel> &devicePresets() {
  static const std::vector<DeviceModel> presets = {typical(), endurance(), lowEnergy()};
  return presets;
}

// A preset name wins over a file of the same name (write ./typical for the file).
DeviceModel loadDeviceModel(const std::string &name_or_path) {
  std::string known;
  for (const DeviceModel &m : devicePresets()) {
    if (m.name == name_or_path)
      return m;
    known += (known.empty() ? "" : ", ") + m.name;
  }
  std::error_code ec;
  if (looksLikePath(name_or_path) || std::filesystem::exists(name_or_path, ec))
    return parseDeviceModel(readFileText(name_or_path), name_or_path);
  throw Error("--device: error: unknown device preset '" + name_or_path + "' (known: " + known +
              ")");
}

} // namespace bnnc::device
