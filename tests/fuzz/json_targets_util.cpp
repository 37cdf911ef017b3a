// The JSON inputs: architecture, device model, programming condition, technology and sweep
// description files. Each
// parser must accept the text or throw a bnnc::Error naming the file and a JSON pointer or a line
// and column.
#include "bnnc/device/device_model.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/energy/energy.h"
#include "bnnc/mapping/arch.h"
#include "bnnc/sweep/resolve.h"
#include "fuzz/target_list.h"
#include "fuzz/targets.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace bnnc::fuzz {

namespace {

const std::string kSource = "fuzz.json";

// `files`: other files a message may name (a sweep description names architecture and device
// files, whose own errors name them).
template <typename Parse>
void fuzzJson(const uint8_t *data, size_t size, Parse parse, std::vector<std::string> files = {}) {
  files.push_back(kSource);
  try {
    parse(std::string(reinterpret_cast<const char *>(data), size), kSource);
  } catch (const Error &e) {
    checkMessage(e.what(), files);
  }
}

// Every string in the JSON text (any of them may be a file name), or none if it does not parse.
std::vector<std::string> stringsIn(const uint8_t *data, size_t size) {
  std::vector<std::string> out;
  nlohmann::json doc = nlohmann::json::parse(data, data + size, nullptr, false);
  std::vector<const nlohmann::json *> pending = {&doc}; // no recursion: inputs nest deeply
  while (!pending.empty()) {
    const nlohmann::json *v = pending.back();
    pending.pop_back();
    if (v->is_string())
      out.push_back(v->get<std::string>());
    if (!v->is_structured())
      continue; // items() of a scalar would be the scalar itself
    for (const auto &item : v->items()) {
      if (v->is_object())
        out.push_back(item.key());
      pending.push_back(&item.value());
    }
  }
  return out;
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

// A model may name other files (its base, its measured resistances): their errors name them.
void fuzzDevice(const uint8_t *data, size_t size) {
  fuzzJson(
      data, size,
      [](const std::string &text, const std::string &source) {
        device::DeviceModel model = device::parseDeviceModel(text, source);
        // Every accepted model has a defined bit error rate in [0, 1].
        double ber = device::analyticBitErrorRate(model, device::Environment{});
        if (!(ber >= 0 && ber <= 1))
          __builtin_trap();
      },
      stringsIn(data, size));
}

void fuzzCondition(const uint8_t *data, size_t size) {
  fuzzJson(data, size, [](const std::string &text, const std::string &source) {
    device::ConditionFile c = device::parseConditionFile(text, source);
    // An accepted condition holds what a chip image requires of one: positive numbers, a BER
    // bound in (0, 1].
    const image::Condition &k = c.condition;
    for (double v : {k.set_energy_pj, k.reset_energy_pj, k.endurance_cycles, k.ber_bound})
      if (!(v > 0) || std::isinf(v))
        __builtin_trap();
    if (k.ber_bound > 1)
      __builtin_trap();
  });
}

void fuzzTechnology(const uint8_t *data, size_t size) {
  fuzzJson(data, size, [](const std::string &text, const std::string &source) {
    energy::parseTechnology(text, source);
  });
}

// A sweep description as bnnc sweep reads it for an ONNX model (docs/sweep-format.md): parsed,
// numbered into points and every point resolved into its architecture, device model and
// environment, with its output columns. At most the first and last 64 points are resolved, so
// that a large grid does not slow the fuzzer down.
void fuzzSweep(const uint8_t *data, size_t size) {
  using namespace sweep;
  fuzzJson(
      data, size,
      [](const std::string &text, const std::string &source) {
        Plan plan(parseSpec(text, source));
        Resolver resolver(plan, Defaults{true, "fuzz.onnx", mapping::defaultArch(), "typical"});
        for (int64_t i = 0; i < plan.size(); ++i) {
          if (i == 64 && plan.size() > 128)
            i = plan.size() - 64;
          Point p = plan.at(i);
          PointConfig c = resolver.resolve(p);
          for (const std::string &name : plan.columns())
            resolver.column(c, p, name);
          if (mapping::checkArch(c.arch)) // a resolved architecture is a valid one
            __builtin_trap();
        }
      },
      stringsIn(data, size));
}

} // namespace bnnc::fuzz
