// The compile report: a human table on stdout and the same facts as JSON (--report).
#pragma once

#include "bnnc/device/fault_aware.h"
#include "bnnc/image/image.h"
#include "bnnc/image/schedule.h"

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::driver {

struct CompileFacts {
  std::string model, image;
  const image::ChipImage *chip = nullptr;
  image::ScheduleTotals schedule;
  size_t image_bytes = 0;
  std::vector<std::string> warnings;
  std::optional<device::FaultAwareReport> fault_aware; // compiled around a fault map
  std::string fault_map;                               // its file
};

nlohmann::json compileReportJson(const CompileFacts &facts);
void printCompileReport(std::ostream &out, const CompileFacts &facts);
// "dense 784 -> 256" or "conv 1x28x28 -> 32x28x28 k3x3"
std::string layerShapeText(const ir::Layer &layer);
// "threshold", "scores", "threshold + maxpool", or with the bits of a multi-bit layer: "w2 a2"
// (2-bit weights, 2-bit output codes), "w2 scores".
std::string layerOutputText(const ir::Layer &layer);
// One layer of the JSON reports (compile --report, inspect --json of an image).
nlohmann::json layerJson(const ir::Layer &layer, const mapping::LayerPlacement &placement);

} // namespace bnnc::driver
