// Device model fields set by a sweep: the model is written as JSON (docs/device-model.md), the
// fields are set in it, and the result is read back through device::parseDeviceModel, so that a
// bad value gets the same check, and the same message, as in a device model file.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/sweep/params.h"

namespace bnnc::sweep {

// `base` with the device fields of `fields` set (settings named "device.<path>", in order).
// A value the model rejects is reported at its setting's place ("sweep.json: /grid/0/
// device.hrs.sigma_c2c/1: error: must be a non-negative number, got -1"); a problem of the
// combination at `place`, with the field's pointer. `applied` receives the model's JSON.
device::DeviceModel withDeviceFields(const device::DeviceModel &base, const Settings &fields,
                                     const std::string &place, json &applied);

} // namespace bnnc::sweep
