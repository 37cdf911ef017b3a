// The JSON inputs: architecture, device model and technology files. Each parser must accept the
// text or throw a bnnc::Error naming the file and a JSON pointer or a line and column.
#include "bnnc/device/device_model.h"
#include "bnnc/energy/energy.h"
#include "bnnc/mapping/arch.h"
#include "fuzz/target_list.h"
#include "fuzz/targets.h"

#include <string>

namespace bnnc::fuzz {

namespace {

template <typename Parse> void fuzzJson(const uint8_t *data, size_t size, Parse parse) {
  const std::string source = "fuzz.json";
  try {
    parse(std::string(reinterpret_cast<const char *>(data), size), source);
  } catch (const Error &e) {
    checkMessage(e.what(), {source});
  }
}

} // namespace

void fuzzArch(const uint8_t *data, size_t size) {
  fuzzJson(data, size, [](const std::string &text, const std::string &source) {
    mapping::Arch arch = mapping::parseArch(text, source);
    // An accepted architecture passes its own check (the image reader relies on it).
    if (mapping::checkArch(arch))
      __builtin_trap();
  });
}

void fuzzDevice(const uint8_t *data, size_t size) {
  fuzzJson(data, size, [](const std::string &text, const std::string &source) {
    device::DeviceModel model = device::parseDeviceModel(text, source);
    // Every accepted model has a defined bit error rate in [0, 1].
    double ber = device::analyticBitErrorRate(model, device::Environment{});
    if (!(ber >= 0 && ber <= 1))
      __builtin_trap();
  });
}

void fuzzTechnology(const uint8_t *data, size_t size) {
  fuzzJson(data, size, [](const std::string &text, const std::string &source) {
    energy::parseTechnology(text, source);
  });
}

} // namespace bnnc::fuzz
