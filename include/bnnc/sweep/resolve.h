// What a sweep point runs: its model, architecture, programming condition, device model (or
// injected BER), environment, chips and seed, from the point's own settings, then the base
// settings, then the defaults of its model and those bnnc run and bnnc compile use. Also the
// values of the output's parameter columns.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/device/fault_map.h"
#include "bnnc/image/condition.h"
#include "bnnc/mapping/arch.h"
#include "bnnc/sweep/points.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace bnnc::sweep {

// What the model fixes when a sweep does not say.
struct Defaults {
  bool onnx = true;      // an ONNX model is compiled per architecture; a chip image is not
  std::string model;     // the model's path, for messages
  mapping::Arch arch;    // the chip image's, or the default architecture
  std::string condition; // the chip image's, or "typical" (as bnnc compile)
  // A chip image's own condition: without a device, its points take its device
  // (evaluate::deviceForCondition), as bnnc run does, also for a condition file's condition.
  std::optional<image::Condition> image_condition = {};
};

// The defaults of the model at a path (a sweep loads the model on first use).
using ModelDefaults = std::function<Defaults(const std::string &model)>;

struct PointConfig {
  std::string model; // the model's path
  mapping::Arch arch;
  std::string condition;
  std::optional<double> ber;  // injected BER instead of the device model
  device::DeviceModel device; // the device model (without ber)
  json device_json;           // the same as JSON, for the device field columns
  device::Environment env;
  std::optional<device::FaultMap> faults; // fault_map: a measured chip's stuck devices
  int chips = 1;
  uint64_t seed = 1; // the point's own (its seed setting, else --seed, else 1): a row equals
                     // bnnc run with the same options, and points share their random draws
};

class Resolver {
public:
  // One model, whose defaults are given: the model of every point that does not set its own.
  // Throws when an architecture parameter is set for a chip image.
  Resolver(const Plan &plan, Defaults defaults);
  // Each point's model is its "model" setting (or the base's), with the defaults `defaults`
  // gives. Throws as above when no point sets its own model.
  Resolver(const Plan &plan, ModelDefaults defaults);
  // Throws, naming the setting or the point, when the point's settings do not go together.
  PointConfig resolve(const Point &point) const;
  // The value of parameter column `name` at a point: null where the parameter does not apply
  // (the device model's parameters with an injected BER, ber with the device model).
  json column(const PointConfig &config, const Point &point, const std::string &name) const;

private:
  const Setting *find(const Point &point, const std::string &name) const;
  // Fails at the first architecture parameter of `settings` when the model is a chip image.
  void checkArchOnImage(const std::vector<const Settings *> &settings, const Defaults &d) const;
  mapping::Arch archOf(const Point &point, const mapping::Arch &base,
                       const std::string &place) const;
  // `own`: the model's chip image's condition when the point does not set another.
  void deviceOf(const Point &point, PointConfig &c, const std::string &place,
                const image::Condition *own) const;

  const Plan &plan_;
  ModelDefaults defaults_;
  std::string base_model_; // the model of points that set none
  bool models_swept_ = false;
  // Device models by name and device fields, as built: most points share a few.
  mutable std::map<std::string, std::pair<device::DeviceModel, json>> devices_;
  mutable std::map<std::string, mapping::Arch> arch_files_;    // architecture files by path
  mutable std::map<std::string, device::FaultMap> fault_maps_; // fault maps by path
};

// A text that identifies an architecture: points with equal keys share one compiled image.
std::string archKey(const mapping::Arch &arch);

} // namespace bnnc::sweep
