// The human summary of `bnnc run` on a chip image (see run_report.h).
#include "bnnc/support/format.h"
#include "run_report.h"
#include "units.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace bnnc::driver {

namespace {

std::string chipsLine(const evaluate::Population &p, const evaluate::Result &r) {
  if (p.ideal)
    return "chip: the ideal chip (every cell reads as stored)\n";
  size_t chips = r.chips.size();
  std::string n = std::to_string(chips) + (chips == 1 ? " chip" : " chips");
  if (p.ber)
    return "chips: " + n + " with injected weight BER " + formatNumber(*p.ber) + " (seed " +
           std::to_string(p.seed) + ")\n";
  const device::Environment &env = p.environment;
  std::string faults = p.fault_map ? ", fault map " + p.fault_map->file : "";
  return "chips: " + n + " of device '" + r.device + "' (seed " + std::to_string(p.seed) + "; " +
         formatNumber(env.cycles) + " cycles, " + formatNumber(env.retention_s) +
         " s after programming, " + formatNumber(env.temperature_k) + " K" + faults + ")\n";
}

std::string accuracyLines(const ChipReport &r) {
  const evaluate::Accuracy &a = *r.result.accuracy;
  int64_t n = r.result.samples;
  std::string ideal = formatFixed("%.4f", a.ideal) + " (" + std::to_string(a.ideal_correct) + "/" +
                      std::to_string(n) + ")";
  if (r.population.ideal)
    return "accuracy: " + ideal + "\n";
  return "accuracy: " + formatFixed("%.4f", a.mean) + " (95% interval " +
         formatFixed("%.4f", a.ci95.lo) + " to " + formatFixed("%.4f", a.ci95.hi) + ", " +
         a.ci95_method + ")\nideal chip accuracy: " + ideal + "\n";
}

std::string errorLines(const ChipReport &r) {
  const evaluate::Result &res = r.result;
  double chips = double(res.chips.size()), stat = 0, flips = 0;
  for (const evaluate::ChipRecord &c : res.chips)
    stat += double(c.static_errors) / chips, flips += double(c.read_flips) / chips;
  const emulator::ReadCounts &reads = res.reads;
  double ber = reads.cell_reads ? double(reads.wrong_reads) / double(reads.cell_reads) : 0;
  const evaluate::StaticErrors &e = res.static_errors;
  return "predictions differing from the ideal chip: " +
         formatFixed("%.2f%%", 100 * res.change_fraction) +
         "\nweight bit errors: " + formatFixed("%.3g", res.cell_ber) +
         " of the cells wrong (per chip " + formatFixed("%.4g", stat) + " static errors and " +
         formatFixed("%.4g", flips) + " read flips on average); per cell read " +
         formatFixed("%.3g", ber) + " (" + std::to_string(reads.wrong_reads) + " wrong of " +
         std::to_string(reads.cell_reads) + " reads)\n" +
         "static weight errors: " + std::to_string(e.count) + " in " + std::to_string(e.cells) +
         " cells, BER " + formatFixed("%.3g", e.rate) + " (95% Poisson interval " +
         formatFixed("%.3g", e.ci95.lo) + " to " + formatFixed("%.3g", e.ci95.hi) + ")\n";
}

// Each weight plane's errors alone: its BER and what they cost (multi-bit weights only).
std::string planeLines(const ChipReport &r) {
  std::string s;
  for (const evaluate::PlaneSummary &p : r.result.planes) {
    s += "weight plane " + std::to_string(p.plane) + " of " + p.layer + " (x" +
         std::to_string(int64_t(1) << p.plane) + ", " + std::to_string(p.cells) + " cells): BER " +
         formatFixed("%.3g", p.ber);
    if (p.accuracy)
      s += ", accuracy with its errors alone " + formatFixed("%.4f", *p.accuracy) + " (" +
           formatFixed("%+.4f", *p.accuracy - r.result.accuracy->ideal) + ")";
    if (p.change_fraction)
      s += ", predictions changed " + formatFixed("%.2f%%", 100 * *p.change_fraction);
    s += "\n";
  }
  return s;
}

// Energy per inference with each component's share.
std::string energyLine(const ChipReport &r) {
  const energy::InferenceEnergy &e = r.result.energy;
  std::string shares;
  for (const auto &[name, pj] : energy::components(e.total)) {
    if (name == "ecc" && pj == 0) // a decoder only where a code is read
      continue;
    double share = e.energy_per_inference_pj > 0 ? 100 * pj / e.energy_per_inference_pj : 0;
    shares += (shares.empty() ? "" : ", ") + name + formatFixed(" %.0f%%", share);
  }
  return "energy per inference: " + energyText(e.energy_per_inference_pj) + " (" + shares +
         "); latency " + durationText(e.latency_per_inference_ns) + "\n";
}

std::string programmingLine(const ChipReport &r) {
  const evaluate::Programming &p = r.result.programming;
  std::string retries = r.population.ideal ? ""
                                           : ", of which " + formatNumber(p.retry_pulses) +
                                                 " verify retries per chip";
  return "programming (condition '" + r.result.condition.name +
         "'): " + energyText(p.energy_nj * 1000) + ", " + durationText(p.time_us * 1000) + ", " +
         formatNumber(p.pulses) + " pulses" + retries + "\n";
}

} // namespace

std::string reportText(const ChipReport &r) {
  std::string s = "model: " + r.request.model + " (" + std::to_string(r.result.samples) +
                  " samples)\n" + chipsLine(r.population, r.result);
  if (r.result.accuracy)
    s += accuracyLines(r);
  if (const std::optional<ReferenceRun> &ref = r.reference)
    s +=
        "reference model " + ref->model + ": " +
        (ref->accuracy ? "accuracy " + formatFixed("%.4f", *ref->accuracy) + ", " : std::string()) +
        "the ideal chip predicts its class on " + formatFixed("%.4f", ref->agreement) +
        " of the samples\n";
  if (!r.population.ideal)
    s += errorLines(r) + planeLines(r);
  s += energyLine(r) + programmingLine(r);
  for (const std::string &note : r.image.program.notes)
    s += "note: " + note + "\n";
  return s;
}

} // namespace bnnc::driver
