// Where a device model can come from: a preset, a device model file, or a programming condition
// file (the law's device for it); and the "base" a model file starts from.
#pragma once

#include "bnnc/device/device_model.h"

#include <string>

namespace bnnc::device {

// A name with a directory part or a .json extension is always a file.
bool looksLikePath(const std::string &s);

// The model of a file: a condition file (it has "set_compliance_ua") gives the law's device for
// it, any other file is parsed as a device model. `depth` counts the bases already followed.
DeviceModel modelFromFile(const std::string &path, int depth);

// The base of a model file `source`: `written` as the file gives it, `resolved` the path next to
// the file. Bases may nest up to kMaxBaseDepth.
DeviceModel loadBase(const std::string &written, const std::string &resolved,
                     const std::string &source, int depth);
constexpr int kMaxBaseDepth = 8;

// parseDeviceModel for a file reached through `depth` bases.
DeviceModel parseDeviceModelAt(const std::string &text, const std::string &source, int depth);

} // namespace bnnc::device
