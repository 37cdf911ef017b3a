// The parameters a sweep can vary (docs/sweep-format.md): their names, the kind of value each
// takes and its check. A value is kept as JSON, normalized by its parameter's check (integers as
// integers, numbers as doubles), and carries the place it was given, for messages.
#pragma once

#include "bnnc/support/json_input.h"

#include <string>
#include <vector>

namespace bnnc::sweep {

using json = InputJson;

// One parameter set to one value, and where: "--ber" or "sweep.json: /grid/1/ber/2".
struct Setting {
  std::string name; // canonical: "tile_rows", "device.hrs.sigma_c2c"
  json value;
  std::string place;
};
using Settings = std::vector<Setting>;

[[noreturn]] void fail(const std::string &place, const std::string &message);

// The canonical name of a parameter as written: a known name, or a device model field as a
// dotted path ("hrs.sigma_c2c", "device.hrs.sigma_c2c") or a JSON pointer ("/hrs/sigma_c2c"),
// all three canonically "device.hrs.sigma_c2c". Throws "<place>: error: unknown parameter ...".
std::string canonicalName(const std::string &written, const std::string &place);

// The known (non-device-field) parameter names, in the order of docs/sweep-format.md.
const std::vector<std::string> &knownParameters();

bool isDeviceField(const std::string &name);   // "device.<path>"
bool isArchParameter(const std::string &name); // arch and its fields
// Parameters that only mean something with the device model (not with an injected BER).
bool needsDeviceModel(const std::string &name);

// The JSON pointer of a device field in the device model: "device.hrs.sigma_c2c" ->
// "/hrs/sigma_c2c".
std::string devicePointer(const std::string &name);

// Checks a value of `name` (canonical) and returns it normalized; throws
// "<place>: error: <message>" (device fields are only checked to be scalars here: their range
// is the device model's, checked where the model is built).
json checkValue(const std::string &name, const json &value, const std::string &place);

// A value as messages and tables show it: numbers in their shortest form, strings bare.
std::string valueText(const json &value);

} // namespace bnnc::sweep
