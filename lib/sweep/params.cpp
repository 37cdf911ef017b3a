// The parameter catalogue of a sweep: names, value checks, command-line values.
#include "bnnc/sweep/params.h"

#include "bnnc/device/device_model.h"
#include "bnnc/device/fault_map.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/image/condition.h"
#include "bnnc/mapping/arch.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"

#include <algorithm>
#include <cmath>

namespace bnnc::sweep {

namespace {

const char *const kArchFields[] = {"tile_rows", "tile_cols", "popcount_bits", "tiles", "clock_mhz"};
const char *const kEnvFields[] = {"cycles", "retention_time_s", "temperature_k", "fault_map"};

// `name` is one of `names`.
bool oneOf(const std::string &name, std::initializer_list<const char *> names) {
  return std::any_of(names.begin(), names.end(), [&](const char *n) { return name == n; });
}

// RFC 6901: in a JSON pointer's key "~1" stands for '/' and "~0" for '~'.
std::string unescapePointerKey(const std::string &k) {
  std::string out;
  for (size_t i = 0; i < k.size(); ++i) {
    bool escape = k[i] == '~' && i + 1 < k.size() && (k[i + 1] == '0' || k[i + 1] == '1');
    out.push_back(escape ? (k[i + 1] == '1' ? '/' : '~') : k[i]);
    i += escape ? 1 : 0;
  }
  return out;
}

// Splits a dotted path or a JSON pointer into keys; empty on a malformed path.
std::vector<std::string> devicePath(const std::string &written) {
  std::vector<std::string> keys;
  bool pointer = !written.empty() && written[0] == '/';
  std::string text = pointer ? written.substr(1) : written;
  if (!pointer && text.rfind("device.", 0) == 0)
    text = text.substr(7);
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == (pointer ? '/' : '.')) {
      keys.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  for (std::string &k : keys) {
    if (pointer)
      k = unescapePointerKey(k);
    if (k.empty() || k.find('.') != std::string::npos)
      return {};
  }
  return keys;
}

// Re-addresses an error of a library check that names a command-line flag ("--condition: error:
// unknown ...") to the place the value was given.
[[noreturn]] void rethrowAt(const Error &e, const std::string &flag, const std::string &place) {
  std::string what = e.what(), prefix = flag + ": error: ";
  if (what.rfind(prefix, 0) == 0)
    fail(place, what.substr(prefix.size()));
  throw e;
}

// Fails with "<message>, got <v>" unless v is a JSON integer.
json checkInteger(const json &v, const std::string &place, const std::string &message) {
  if (!v.is_number_integer())
    fail(place, message + ", got " + describeJson(v));
  return v;
}

// An architecture field, checked as the architecture file checks it (tile_cols also widens the
// popcount, as a sweep does when popcount_bits is not set).
json checkArchField(const std::string &name, const json &v, const std::string &place) {
  mapping::Arch a = mapping::defaultArch();
  if (name == "clock_mhz") {
    if (!v.is_number())
      fail(place, "must be a positive number, got " + describeJson(v));
    a.clock_mhz = v.get<double>();
  } else {
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX))
      fail(place, "must be a positive integer, got " + describeJson(v));
    int64_t n = v.get<int64_t>();
    (name == "tile_rows"   ? a.tile_rows
     : name == "tile_cols" ? a.tile_cols
     : name == "tiles"     ? a.tiles
                           : a.popcount_bits) = n;
    // tile_cols alone: with the widest popcount only its own limits can fail.
    a.popcount_bits = name == "tile_cols" ? mapping::kMaxPopcountBits : a.popcount_bits;
  }
  if (std::optional<mapping::ArchProblem> p = mapping::checkArch(a); p && p->field == name)
    fail(place, p->message);
  return name == "clock_mhz" ? json(v.get<double>()) : json(v.get<int64_t>());
}

// cycles, retention_time_s, temperature_k: device::checkEnvironment's checks and words, with
// the value as written.
json checkEnvField(const std::string &name, const json &v, const std::string &place) {
  device::Environment env;
  double x = v.is_number() ? v.get<double>() : NAN; // NaN fails every check
  (name == "cycles"             ? env.cycles
   : name == "retention_time_s" ? env.retention_s
                                : env.temperature_k) = x;
  if (std::optional<device::EnvironmentProblem> p = device::checkEnvironment(env))
    fail(place, p->message.substr(0, p->message.find(", got ")) + ", got " + describeJson(v));
  return json(x);
}

// condition, device, arch, fault_map: a name or path that must load (a preset, a condition,
// device model, architecture or fault map file); the library's message, at the place of the
// value.
json checkText(const std::string &name, const json &v, const std::string &place) {
  if (!v.is_string() || v.get<std::string>().empty())
    fail(place, "must be a non-empty string, got " + describeJson(v));
  std::string text = v.get<std::string>();
  try {
    if (name == "condition")
      device::loadCondition(text);
    else if (name == "device")
      device::loadDeviceModel(text);
    else if (name == "fault_map")
      device::readFaultMap(text);
    else
      mapping::loadArch(text);
  } catch (const Error &e) {
    rethrowAt(e, name == "condition" ? "--condition" : "--device", place);
  }
  return v;
}

} // namespace

void fail(const std::string &place, const std::string &message) {
  throw Error(place + ": error: " + message);
}

const std::vector<std::string> &knownParameters() {
  static const std::vector<std::string> names = {"arch",
                                                 "tile_rows",
                                                 "tile_cols",
                                                 "popcount_bits",
                                                 "tiles",
                                                 "clock_mhz",
                                                 "condition",
                                                 "device",
                                                 "ber",
                                                 "cycles",
                                                 "retention_time_s",
                                                 "temperature_k",
                                                 "fault_map",
                                                 "chips",
                                                 "seed",
                                                 "model"};
  return names;
}

bool isDeviceField(const std::string &name) { return name.rfind("device.", 0) == 0; }

bool isArchParameter(const std::string &name) {
  return name == "arch" ||
         std::find(std::begin(kArchFields), std::end(kArchFields), name) != std::end(kArchFields);
}

bool needsDeviceModel(const std::string &name) {
  return name == "device" || isDeviceField(name) ||
         std::find(std::begin(kEnvFields), std::end(kEnvFields), name) != std::end(kEnvFields);
}

std::string canonicalName(const std::string &written, const std::string &place) {
  const std::vector<std::string> &known = knownParameters();
  if (std::find(known.begin(), known.end(), written) != known.end())
    return written;
  // Not a known name: a device model field if written as a path (a pointer or dotted).
  bool path = !written.empty() && (written[0] == '/' || written.find('.') != std::string::npos);
  std::vector<std::string> keys = path ? devicePath(written) : std::vector<std::string>{};
  if (keys.empty()) {
    std::string list;
    for (const std::string &n : known)
      list += n + ", ";
    fail(place, "unknown parameter " + json(written).dump() + " (known: " + list +
                    "or a device model field such as hrs.sigma_c2c or /hrs/sigma_c2c)");
  }
  std::string name = "device";
  for (const std::string &k : keys)
    name += "." + k;
  return name;
}

std::string devicePointer(const std::string &name) {
  std::string pointer;
  for (const std::string &k : devicePath(name))
    pointer += (json::json_pointer() / k).to_string();
  return pointer;
}

json checkValue(const std::string &name, const json &v, const std::string &place) {
  if (isDeviceField(name)) {
    if (!v.is_primitive() || v.is_null())
      fail(place, "must be a number, a string or true or false, got " + describeJson(v));
    return v;
  }
  if (isArchParameter(name) && name != "arch")
    return checkArchField(name, v, place);
  if (oneOf(name, {"cycles", "retention_time_s", "temperature_k"}))
    return checkEnvField(name, v, place);
  if (name == "ber") {
    if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 1))
      fail(place, "must be a number in [0, 1], got " + describeJson(v));
    return json(v.get<double>());
  }
  if (name == "chips") {
    checkInteger(v, place, "must be an integer of at least 1");
    if ((!v.is_number_unsigned() && v.get<int64_t>() < 1) || v.get<uint64_t>() == 0)
      fail(place, "must be at least 1, got " + describeJson(v));
    if (v.get<uint64_t>() > INT32_MAX) // negative values were rejected above
      fail(place, "must be at most 2147483647, got " + describeJson(v));
    return json(v.get<int64_t>());
  }
  if (name == "model") { // loaded when a point first needs it
    if (!v.is_string() || v.get<std::string>().empty())
      fail(place, "must be a non-empty string, got " + describeJson(v));
    return v;
  }
  if (name == "seed") {
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<int64_t>() < 0))
      fail(place, "must be a non-negative integer, got " + describeJson(v));
    return json(v.get<uint64_t>());
  }
  return checkText(name, v, place);
}

std::string valueText(const json &v) {
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_number_float())
    return formatDouble(v.get<double>());
  return v.is_null() ? "" : v.dump();
}

} // namespace bnnc::sweep
