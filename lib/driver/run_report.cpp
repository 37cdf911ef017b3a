// The run report's numbers and its JSON form (see run_report.h; keys in docs/cli.md).
#include "run_report.h"

#include "bnnc/device/ecc.h"
#include "bnnc/image/schedule.h"

#include <algorithm>

namespace bnnc::driver {

namespace {

Accuracy accuracyOf(const ChipRuns &runs, int64_t samples) {
  Accuracy a;
  for (const ChipRecord &c : runs.chips)
    a.per_chip.push_back(double(c.correct) / double(samples));
  for (double v : a.per_chip)
    a.mean += v / double(a.per_chip.size());
  // Several chips: the spread between chips (Student's t). One chip: the sampling error of its
  // accuracy over the samples (Wilson), the only spread there is to see.
  if (a.per_chip.size() >= 2) {
    a.ci95 = studentInterval95(a.per_chip);
    a.ci95_method = "student-t over chips";
  } else {
    a.ci95 = wilsonInterval95(runs.chips[0].correct, samples);
    a.ci95_method = "wilson over samples";
  }
  a.ideal_correct = runs.ideal_correct;
  a.ideal = double(runs.ideal_correct) / double(samples);
  return a;
}

// The chips' SETs and RESETs (verify retries and check-bit cells included) at the image's
// condition's pulse energies, one pulse width each, averaged over the chips.
Programming programmingOf(const image::ChipImage &image, const ChipRuns &runs) {
  const image::Condition &cond = image.condition;
  const double chips = double(runs.chips.size());
  Programming p;
  double sets = 0, resets = 0;
  for (const ChipRecord &c : runs.chips) {
    sets += double(c.sets) / chips, resets += double(c.resets) / chips;
    p.pulses += double(c.pulses) / chips;
    p.retry_pulses += double(std::max<int64_t>(0, c.pulses - c.first_pulses)) / chips;
    p.verify_reads += double(c.verify_reads) / chips;
  }
  // pJ -> nJ and ns -> us: / 1000.
  p.energy_nj = (sets * cond.set_energy_pj + resets * cond.reset_energy_pj) / 1000;
  p.time_us = p.pulses * cond.pulse_ns / 1000;
  return p;
}

StaticErrors staticErrorsOf(const ChipRuns &runs) {
  StaticErrors e;
  for (const ChipRecord &c : runs.chips)
    e.count += c.static_errors, e.cells += c.used_cells;
  Interval counts = poissonInterval95(e.count);
  double n = double(std::max<int64_t>(e.cells, 1));
  e.rate = double(e.count) / n;
  e.ci95 = {counts.lo / n, counts.hi / n};
  return e;
}

double fraction(int64_t part, int64_t whole) {
  return whole > 0 ? double(part) / double(whole) : 0;
}

nlohmann::ordered_json layerReads(const ChipReport &r) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (size_t l = 0; l < r.runs->reads.size(); ++l) {
    const emulator::ReadCounts &c = r.runs->reads[l];
    layers.push_back({{"layer", r.image->program.layers[l].name},
                      {"ber", fraction(c.wrong_reads, c.cell_reads)},
                      {"cell_reads", c.cell_reads},
                      {"wrong_reads", c.wrong_reads},
                      {"read_flips", c.read_flips}});
  }
  return layers;
}

// The six components of a layer's energy, in pJ, by name.
nlohmann::ordered_json componentsJson(const energy::LayerEnergy &e) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto &[name, pj] : energy::components(e))
    j[name] = pj;
  return j;
}

nlohmann::ordered_json layerEnergy(const ChipReport &r) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const energy::LayerEnergy &e : r.energy.layers) {
    nlohmann::ordered_json j = {{"layer", e.name}, {"total", e.total_pj()}};
    j.update(componentsJson(e));
    layers.push_back(j);
  }
  return layers;
}

nlohmann::ordered_json environment(const ChipSetup &s) {
  if (s.ideal || s.ber)
    return nullptr;
  return {{"cycles", s.env.cycles},
          {"retention_time_s", s.env.retention_s},
          {"temperature_k", s.env.temperature_k}};
}

// How the cells are read: null for the ideal chip and injected errors.
nlohmann::ordered_json readOut(const ChipSetup &s) {
  if (s.ideal || s.ber)
    return nullptr;
  energy::ReadScheme scheme = readScheme(s);
  nlohmann::ordered_json j = {{"cell", scheme.single_device ? "1T1R" : "2T2R"}};
  j["ecc"] = scheme.data_bits ? nlohmann::ordered_json{{"data_bits", scheme.data_bits},
                                                       {"check_bits", scheme.check_bits},
                                                       {"decoder_gates", scheme.decoder_gates},
                                                       {"decoder_levels", scheme.decoder_levels}}
                              : nlohmann::ordered_json(nullptr);
  j["fault_map"] = s.faults ? nlohmann::ordered_json(s.faults->file) : nullptr;
  return j;
}

// Accuracy keys: null without labels.
void addAccuracy(nlohmann::ordered_json &j, const std::optional<Accuracy> &a) {
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

} // namespace

ChipReport makeReport(const RunRequest &request, const image::ChipImage &image,
                      const ChipSetup &setup, const ChipRuns &runs,
                      const std::vector<int64_t> &labels) {
  ChipReport r{&request, &image, &setup, &runs, {}, 0, {}, 0, {}, {}, {}, {}};
  int64_t samples = runs.ideal.samples;
  if (!labels.empty() && samples > 0)
    r.accuracy = accuracyOf(runs, samples);
  int64_t changed = 0;
  for (const ChipRecord &c : runs.chips)
    changed += c.changed;
  r.change_fraction = fraction(changed, samples * int64_t(runs.chips.size()));
  int64_t cells = 0;
  for (const mapping::Tile &t : image.mapping.tiles)
    cells += t.rows * t.cols;
  if (!setup.ideal)
    for (const ChipRecord &c : runs.chips)
      r.cell_ber += fraction(c.static_errors, cells) / double(runs.chips.size());
  for (const emulator::ReadCounts &c : runs.reads) {
    r.reads.cell_reads += c.cell_reads;
    r.reads.wrong_reads += c.wrong_reads;
    r.reads.read_flips += c.read_flips;
  }
  r.energy = energy::inferenceEnergy(image, setup.technology, readScheme(setup));
  r.programming = programmingOf(image, runs);
  r.static_errors = staticErrorsOf(runs);
  return r;
}

energy::ReadScheme readScheme(const ChipSetup &s) {
  energy::ReadScheme scheme;
  if (s.ideal || s.ber)
    return scheme;
  const device::DeviceModel &m = s.model;
  scheme.single_device = m.cell == device::DeviceModel::Cell::OneT1R;
  if (m.ecc.code == device::DeviceModel::Ecc::Code::None)
    return scheme;
  device::EccLayout l = device::EccEncoder(m.ecc).layout();
  scheme.data_bits = l.data_bits, scheme.check_bits = l.check_bits;
  energy::DecoderCost cost = m.ecc.code == device::DeviceModel::Ecc::Code::Secded
                                 ? energy::secdedDecoder(l.data_bits, l.m)
                                 : energy::bchDecoder(l.data_bits, l.check_bits, l.t, l.m);
  scheme.decoder_gates = cost.gates, scheme.decoder_levels = cost.levels;
  return scheme;
}

nlohmann::ordered_json reportJson(const ChipReport &r) {
  const ChipSetup &s = *r.setup;
  const ChipRuns &runs = *r.runs;
  nlohmann::ordered_json j;
  j["model"] = r.request->model;
  j["data"] = r.request->data;
  j["engine"] = s.ideal ? "ideal-chip" : "virtual-chip";
  j["device"] = s.device_name();
  j["injected_ber"] = s.ber ? nlohmann::ordered_json(*s.ber) : nullptr;
  j["environment"] = environment(s);
  j["read_out"] = readOut(s);
  j["seed"] = s.seed;
  j["chips"] = runs.chips.size();
  j["samples"] = runs.ideal.samples;
  j["classes"] = runs.ideal.classes;
  addAccuracy(j, r.accuracy);
  j["prediction_change_fraction"] = r.change_fraction;
  j["predictions"] = runs.first.predictions;
  j["weight_ber_observed"] = fraction(r.reads.wrong_reads, r.reads.cell_reads);
  j["weight_ber_cells"] = r.cell_ber;
  j["weight_ber_per_layer"] = layerReads(r);
  j["weight_ber_static"] = r.static_errors.rate;
  j["weight_ber_static_ci95"] = {r.static_errors.ci95.lo, r.static_errors.ci95.hi};
  j["static_errors"] = r.static_errors.count;
  j["cell_reads"] = r.reads.cell_reads;
  j["wrong_reads"] = r.reads.wrong_reads;
  j["read_flips"] = r.reads.read_flips;
  for (const char *key : {"static_errors_per_chip", "read_errors_per_chip",
                          "stuck_devices_per_chip", "worn_devices_per_chip"})
    j[key] = nlohmann::ordered_json::array();
  for (const ChipRecord &c : runs.chips) {
    j["static_errors_per_chip"].push_back(c.static_errors);
    j["read_errors_per_chip"].push_back(c.read_flips);
    j["stuck_devices_per_chip"].push_back(c.stuck_devices);
    j["worn_devices_per_chip"].push_back(c.worn_devices);
  }
  j["used_cells"] = runs.chips.empty() ? 0 : runs.chips[0].used_cells;
  j["check_cells"] = runs.chips.empty() ? 0 : runs.chips[0].check_cells;
  j["energy_per_inference_pj"] = r.energy.energy_per_inference_pj;
  j["energy_per_layer_pj"] = layerEnergy(r);
  j["energy_per_component_pj"] = componentsJson(r.energy.total);
  j["latency_per_inference_ns"] = r.energy.latency_per_inference_ns;
  j["technology"] = r.energy.technology;
  j["programming_condition"] = r.image->condition.name;
  j["programming_energy_nj"] = r.programming.energy_nj;
  j["programming_time_us"] = r.programming.time_us;
  j["programming_pulses"] = r.programming.pulses;
  j["programming_retry_pulses"] = r.programming.retry_pulses;
  j["programming_verify_reads"] = r.programming.verify_reads;
  if (r.reference)
    j["reference"] = {{"model", r.reference->model},
                      {"accuracy", r.reference->accuracy
                                       ? nlohmann::ordered_json(*r.reference->accuracy)
                                       : nullptr},
                      {"ideal_chip_agreement", r.reference->agreement}};
  j["notes"] = r.image->program.notes;
  return j;
}

} // namespace bnnc::driver
