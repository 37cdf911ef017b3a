// An evaluation's result as JSON (see bnnc/evaluate/report.h; keys in docs/cli.md).
#include "bnnc/evaluate/report.h"

namespace bnnc::evaluate {

namespace {

using json = nlohmann::ordered_json;

double fraction(int64_t part, int64_t whole) {
  return whole > 0 ? double(part) / double(whole) : 0;
}

json layerReads(const Result &r, const image::ChipImage &image) {
  json layers = json::array();
  for (size_t l = 0; l < r.layer_reads.size(); ++l) {
    const emulator::ReadCounts &c = r.layer_reads[l];
    layers.push_back({{"layer", image.program.layers[l].name},
                      {"ber", fraction(c.wrong_reads, c.cell_reads)},
                      {"cell_reads", c.cell_reads},
                      {"wrong_reads", c.wrong_reads},
                      {"read_flips", c.read_flips}});
  }
  return layers;
}

// The six components of a layer's energy, in pJ, by name.
json componentsJson(const energy::LayerEnergy &e) {
  json j = json::object();
  for (const auto &[name, pj] : energy::components(e))
    j[name] = pj;
  return j;
}

json layerEnergy(const Result &r) {
  json layers = json::array();
  for (const energy::LayerEnergy &e : r.energy.layers) {
    json j = {{"layer", e.name}, {"total", e.total_pj()}};
    j.update(componentsJson(e));
    layers.push_back(j);
  }
  return layers;
}

json environment(const Population &p) {
  if (p.ideal || p.ber)
    return nullptr;
  return {{"cycles", p.environment.cycles},
          {"retention_time_s", p.environment.retention_s},
          {"temperature_k", p.environment.temperature_k}};
}

// How the cells are read: null for the ideal chip and injected errors.
json readOut(const Result &r, const Population &p) {
  if (p.ideal || p.ber)
    return nullptr;
  const energy::ReadScheme &scheme = r.read_scheme;
  json j = {{"cell", scheme.single_device ? "1T1R" : "2T2R"}};
  j["ecc"] = scheme.data_bits ? json{{"data_bits", scheme.data_bits},
                                     {"check_bits", scheme.check_bits},
                                     {"decoder_gates", scheme.decoder_gates},
                                     {"decoder_levels", scheme.decoder_levels}}
                              : json(nullptr);
  j["fault_map"] = p.fault_map ? json(p.fault_map->file) : nullptr;
  return j;
}

// Accuracy keys: null without labels.
void addAccuracy(json &j, const std::optional<Accuracy> &a) {
  if (!a) {
    for (const char *key : {"accuracy", "accuracy_ci95", "accuracy_ci95_method",
                            "accuracy_per_chip", "ideal_accuracy"})
      j[key] = nullptr;
    return;
  }
  j["accuracy"] = a->mean;
  j["accuracy_ci95"] = {a->ci95.lo, a->ci95.hi};
  j["accuracy_ci95_method"] = a->ci95_method;
  j["accuracy_per_chip"] = a->per_chip;
  j["ideal_accuracy"] = a->ideal;
}

json planesJson(const Result &r) {
  json planes = json::array();
  for (const PlaneSummary &p : r.planes)
    planes.push_back(
        {{"layer", p.layer},
         {"plane", p.plane},
         {"weight", int64_t(1) << p.plane},
         {"cells", p.cells},
         {"ber", p.ber},
         {"accuracy", p.accuracy ? json(*p.accuracy) : nullptr},
         {"prediction_change_fraction", p.change_fraction ? json(*p.change_fraction) : nullptr}});
  return planes;
}

} // namespace

json resultJson(const Result &res, const Population &p, const image::ChipImage &image) {
  json j;
  j["engine"] = p.ideal ? "ideal-chip" : "virtual-chip";
  j["device"] = res.device;
  j["injected_ber"] = p.ber ? json(*p.ber) : nullptr;
  j["environment"] = environment(p);
  j["read_out"] = readOut(res, p);
  j["seed"] = p.seed;
  j["chips"] = res.chips.size();
  j["samples"] = res.samples;
  j["classes"] = res.classes;
  addAccuracy(j, res.accuracy);
  j["prediction_change_fraction"] = res.change_fraction;
  j["predictions"] = res.first.predictions;
  j["weight_ber_observed"] = fraction(res.reads.wrong_reads, res.reads.cell_reads);
  j["weight_ber_cells"] = res.cell_ber;
  j["weight_ber_per_layer"] = layerReads(res, image);
  j["weight_planes"] = planesJson(res);
  j["weight_ber_static"] = res.static_errors.rate;
  j["weight_ber_static_ci95"] = {res.static_errors.ci95.lo, res.static_errors.ci95.hi};
  j["static_errors"] = res.static_errors.count;
  j["cell_reads"] = res.reads.cell_reads;
  j["wrong_reads"] = res.reads.wrong_reads;
  j["read_flips"] = res.reads.read_flips;
  for (const char *key : {"static_errors_per_chip", "read_errors_per_chip",
                          "stuck_devices_per_chip", "worn_devices_per_chip"})
    j[key] = json::array();
  for (const ChipRecord &c : res.chips) {
    j["static_errors_per_chip"].push_back(c.static_errors);
    j["read_errors_per_chip"].push_back(c.read_flips);
    j["stuck_devices_per_chip"].push_back(c.stuck_devices);
    j["worn_devices_per_chip"].push_back(c.worn_devices);
  }
  j["used_cells"] = res.chips.empty() ? 0 : res.chips[0].used_cells;
  j["check_cells"] = res.chips.empty() ? 0 : res.chips[0].check_cells;
  j["energy_per_inference_pj"] = res.energy.energy_per_inference_pj;
  j["energy_per_layer_pj"] = layerEnergy(res);
  j["energy_per_component_pj"] = componentsJson(res.energy.total);
  j["latency_per_inference_ns"] = res.energy.latency_per_inference_ns;
  j["technology"] = res.energy.technology;
  j["programming_condition"] = res.condition.name;
  j["programming_energy_nj"] = res.programming.energy_nj;
  j["programming_time_us"] = res.programming.time_us;
  j["programming_pulses"] = res.programming.pulses;
  j["programming_retry_pulses"] = res.programming.retry_pulses;
  j["programming_verify_reads"] = res.programming.verify_reads;
  return j;
}

} // namespace bnnc::evaluate
