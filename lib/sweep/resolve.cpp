// Resolving a sweep point's settings into what it runs.
#include "bnnc/sweep/resolve.h"

#include "bnnc/evaluate/evaluate.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "bnnc/sweep/device_fields.h"

#include <algorithm>

namespace bnnc::sweep {

namespace {

// The narrowest popcount that counts every column of a row: 2^b - 1 >= tile_cols.
int64_t popcountBitsFor(int64_t tile_cols) {
  int64_t bits = 1;
  while ((int64_t(1) << bits) - 1 < tile_cols)
    ++bits;
  return bits;
}

// The integer field of `a` a parameter names.
int64_t &archInt(mapping::Arch &a, const std::string &name) {
  return name == "tile_rows"   ? a.tile_rows
         : name == "tile_cols" ? a.tile_cols
         : name == "tiles"     ? a.tiles
                               : a.popcount_bits;
}

// An architecture parameter's value in `a`, as a column shows it.
json archValue(const mapping::Arch &a, const std::string &name) {
  if (name == "clock_mhz")
    return a.clock_mhz;
  mapping::Arch copy = a;
  return archInt(copy, name);
}

// True when a grid axis or an explicit point sets the model.
bool sweepsModels(const Spec &spec) {
  auto sets = [](const Settings &settings) {
    return std::any_of(settings.begin(), settings.end(),
                       [](const Setting &s) { return s.name == "model"; });
  };
  for (const Axis &a : spec.grid)
    if (std::find(a.names.begin(), a.names.end(), "model") != a.names.end())
      return true;
  return std::any_of(spec.points.begin(), spec.points.end(), sets);
}

} // namespace

std::string archKey(const mapping::Arch &a) {
  return a.name + "|" + std::to_string(a.tile_rows) + "|" + std::to_string(a.tile_cols) + "|" +
         std::to_string(a.popcount_bits) + "|" + std::to_string(a.tiles) + "|" +
         formatDouble(a.clock_mhz) + "|" + std::to_string(a.spare_cols);
}

Resolver::Resolver(const Plan &plan, Defaults defaults)
    : Resolver(plan, [defaults](const std::string &) { return defaults; }) {
  if (base_model_.empty())
    base_model_ = defaults.model;
}

Resolver::Resolver(const Plan &plan, ModelDefaults defaults)
    : plan_(plan), defaults_(std::move(defaults)), models_swept_(sweepsModels(plan.spec())) {
  const Spec &spec = plan.spec();
  for (const Setting &s : spec.base)
    if (s.name == "model")
      base_model_ = s.value.get<std::string>();
  if (models_swept_)
    return; // checked point by point
  std::vector<const Settings *> all = {&spec.base};
  for (const Axis &a : spec.grid)
    for (const Settings &s : a.steps)
      all.push_back(&s);
  for (const Settings &p : spec.points)
    all.push_back(&p);
  checkArchOnImage(all, defaults_(base_model_));
}

void Resolver::checkArchOnImage(const std::vector<const Settings *> &settings,
                                const Defaults &d) const {
  if (d.onnx)
    return;
  for (const Settings *list : settings)
    for (const Setting &s : *list)
      if (isArchParameter(s.name))
        fail(s.place, "architecture parameters need an ONNX model, compiled for each "
                      "architecture; " +
                          d.model + " is a chip image");
}

const Setting *Resolver::find(const Point &point, const std::string &name) const {
  for (const Settings *list : {&point.own, &plan_.spec().base})
    for (const Setting &s : *list)
      if (s.name == name)
        return &s;
  return nullptr;
}

mapping::Arch Resolver::archOf(const Point &point, const mapping::Arch &base,
                               const std::string &place) const {
  const Setting *file = find(point, "arch");
  mapping::Arch a = base;
  if (file) {
    std::string path = file->value.get<std::string>();
    auto it = arch_files_.find(path);
    a = it != arch_files_.end() ? it->second
                                : arch_files_.emplace(path, mapping::loadArch(path)).first->second;
  }
  for (const char *name : {"tile_rows", "tile_cols", "popcount_bits", "tiles"})
    if (const Setting *s = find(point, name))
      archInt(a, name) = s->value.get<int64_t>();
  if (const Setting *s = find(point, "clock_mhz"))
    a.clock_mhz = s->value.get<double>();
  // Wider tiles need a wider popcount: unless set, it grows to the narrowest that fits.
  if (!find(point, "popcount_bits"))
    a.popcount_bits = std::max(a.popcount_bits, popcountBitsFor(a.tile_cols));
  if (std::optional<mapping::ArchProblem> p = mapping::checkArch(a))
    fail(place, p->field + " " + p->message);
  return a;
}

void Resolver::deviceOf(const Point &point, PointConfig &c, const std::string &place,
                        const image::Condition *own) const {
  const Setting *named = find(point, "device");
  std::string name = named ? named->value.get<std::string>() : c.condition;
  Settings fields; // base first, so that the point's own values win
  std::string key = name;
  for (const Settings *list : {&plan_.spec().base, &point.own})
    for (const Setting &s : *list)
      if (isDeviceField(s.name)) {
        fields.push_back(s);
        key += "|" + s.name + "=" + s.value.dump();
      }
  auto it = devices_.find(key);
  if (it == devices_.end()) {
    json applied;
    device::DeviceModel base =
        !named && own ? evaluate::deviceForCondition(*own) : device::loadDeviceModel(name);
    device::DeviceModel m = withDeviceFields(base, fields, place, applied);
    it = devices_.emplace(key, std::make_pair(std::move(m), std::move(applied))).first;
  }
  c.device = it->second.first;
  c.device_json = it->second.second;
}

PointConfig Resolver::resolve(const Point &point) const {
  std::string place = "sweep " + plan_.label(point); // for problems of the combination
  PointConfig c;
  const Setting *model = find(point, "model");
  c.model = model ? model->value.get<std::string>() : base_model_;
  if (c.model.empty())
    fail(place, "no model to run: give one, or set the model parameter");
  Defaults d = defaults_(c.model);
  if (models_swept_)
    checkArchOnImage({&plan_.spec().base, &point.own}, d);
  c.arch = d.onnx ? archOf(point, d.arch, place) : d.arch;
  const Setting *cond = find(point, "condition");
  c.condition = cond ? cond->value.get<std::string>() : d.condition;
  if (const Setting *s = find(point, "chips"))
    c.chips = int(s->value.get<int64_t>());
  if (const Setting *s = find(point, "seed"))
    c.seed = s->value.get<uint64_t>();
  // An injected BER replaces the device model, as bnnc run --ber does: no model, no environment.
  if (const Setting *ber = find(point, "ber")) {
    c.ber = ber->value.get<double>();
    for (const Settings *list : {&point.own, &plan_.spec().base})
      for (const Setting &s : *list)
        if (needsDeviceModel(s.name))
          fail(s.place, "cannot be combined with ber (" + ber->place +
                            "): an injected BER replaces the device model");
    return c;
  }
  deviceOf(point, c, place, !cond && d.image_condition ? &*d.image_condition : nullptr);
  // The environment's defaults are bnnc run's: fresh devices at 300 K.
  auto env = [&](const char *name, double fallback) {
    const Setting *s = find(point, name);
    return s ? s->value.get<double>() : fallback;
  };
  c.env.cycles = env("cycles", 0);
  c.env.retention_s = env("retention_time_s", 0);
  c.env.temperature_k = env("temperature_k", 300);
  if (const Setting *s = find(point, "fault_map")) {
    std::string path = s->value.get<std::string>();
    auto it = fault_maps_.find(path);
    if (it == fault_maps_.end())
      it = fault_maps_.emplace(path, device::readFaultMap(path)).first;
    c.faults = it->second;
  }
  return c;
}

json Resolver::column(const PointConfig &c, const Point &point, const std::string &name) const {
  if (name == "model")
    return c.model;
  if (name == "arch") {
    const Setting *s = find(point, name);
    return s ? s->value : json(nullptr);
  }
  if (isArchParameter(name))
    return archValue(c.arch, name);
  if (name == "condition")
    return c.condition;
  if (name == "chips")
    return c.chips;
  if (name == "seed")
    return c.seed;
  if (name == "ber")
    return c.ber ? json(*c.ber) : json(nullptr);
  if (c.ber) // the device model's parameters do not apply
    return nullptr;
  if (name == "device")
    return c.device.name;
  if (name == "cycles")
    return c.env.cycles;
  if (name == "retention_time_s")
    return c.env.retention_s;
  if (name == "temperature_k")
    return c.env.temperature_k;
  if (name == "fault_map")
    return c.faults ? json(c.faults->file) : json(nullptr);
  return c.device_json.at(json::json_pointer(devicePointer(name)));
}

} // namespace bnnc::sweep
