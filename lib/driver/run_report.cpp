// The run report's numbers and its JSON form (see run_report.h; keys in docs/cli.md).
#include "run_report.h"

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

// The schedule of the image's condition (2 pulses per used cell), plus the chips' verify
// retries: a retry re-programs a pair (one SET and one RESET), so an extra pulse costs the mean
// of the two pulse energies and one pulse width.
Programming programmingOf(const image::ChipImage &image, const ChipRuns &runs) {
  const image::Condition &cond = image.condition;
  image::ScheduleTotals t = image::scheduleTotals(image.mapping, cond);
  Programming p;
  for (const ChipRecord &c : runs.chips)
    p.retry_pulses += double(std::max<int64_t>(0, c.pulses - t.pulses)) / double(runs.chips.size());
  p.pulses = double(t.pulses) + p.retry_pulses;
  // pJ -> nJ and ns -> us: / 1000.
  p.energy_nj =
      t.energy_nj + p.retry_pulses * (cond.set_energy_pj + cond.reset_energy_pj) / 2 / 1000;
  p.time_us = t.time_us + p.retry_pulses * cond.pulse_ns / 1000;
  return p;
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

// Each weight plane's records, averaged over the chips (every chip has the same planes).
std::vector<PlaneSummary> planeSummaries(const image::ChipImage &image, const ChipRuns &runs,
                                         bool labelled) {
  std::vector<PlaneSummary> out;
  if (runs.chips.empty())
    return out;
  double chips = double(runs.chips.size()), samples = double(runs.ideal.samples);
  for (size_t i = 0; i < runs.chips[0].planes.size(); ++i) {
    const PlaneRecord &first = runs.chips[0].planes[i];
    PlaneSummary p{
        image.program.layers[size_t(first.layer)].name, first.plane, first.cells, 0, {}, 0};
    double correct = 0;
    for (const ChipRecord &c : runs.chips) {
      const PlaneRecord &rec = c.planes[i];
      p.ber += fraction(rec.static_errors, rec.cells) / chips;
      p.change_fraction += samples > 0 ? double(rec.changed) / samples / chips : 0;
      correct += samples > 0 ? double(rec.correct) / samples / chips : 0;
    }
    if (labelled)
      p.accuracy = correct;
    out.push_back(p);
  }
  return out;
}

nlohmann::ordered_json planesJson(const ChipReport &r) {
  nlohmann::ordered_json planes = nlohmann::ordered_json::array();
  for (const PlaneSummary &p : r.planes)
    planes.push_back({{"layer", p.layer},
                      {"plane", p.plane},
                      {"weight", int64_t(1) << p.plane},
                      {"cells", p.cells},
                      {"ber", p.ber},
                      {"accuracy", p.accuracy ? nlohmann::ordered_json(*p.accuracy) : nullptr},
                      {"prediction_change_fraction", p.change_fraction}});
  return planes;
}

} // namespace

ChipReport makeReport(const RunRequest &request, const image::ChipImage &image,
                      const ChipSetup &setup, const ChipRuns &runs,
                      const std::vector<int64_t> &labels) {
  ChipReport r{&request, &image, &setup, &runs, {}, 0, {}, 0, {}, {}, {}};
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
  r.energy = energy::inferenceEnergy(image, setup.technology);
  r.programming = programmingOf(image, runs);
  if (!setup.ideal)
    r.planes = planeSummaries(image, runs, !labels.empty());
  return r;
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
  j["weight_planes"] = planesJson(r);
  j["cell_reads"] = r.reads.cell_reads;
  j["wrong_reads"] = r.reads.wrong_reads;
  j["read_flips"] = r.reads.read_flips;
  j["static_errors_per_chip"] = nlohmann::ordered_json::array();
  j["read_errors_per_chip"] = nlohmann::ordered_json::array();
  for (const ChipRecord &c : runs.chips) {
    j["static_errors_per_chip"].push_back(c.static_errors);
    j["read_errors_per_chip"].push_back(c.read_flips);
  }
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
