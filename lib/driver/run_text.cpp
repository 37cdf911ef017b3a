// The human summary of `bnnc run` on a chip image (see run_report.h).
#include "bnnc/support/format.h"
#include "run_report.h"
#include "units.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace bnnc::driver {

namespace {

std::string chipsLine(const ChipSetup &s, size_t chips) {
  if (s.ideal)
    return "chip: the ideal chip (every cell reads as stored)\n";
  std::string n = std::to_string(chips) + (chips == 1 ? " chip" : " chips");
  if (s.ber)
    return "chips: " + n + " with injected weight BER " + formatNumber(*s.ber) + " (seed " +
           std::to_string(s.seed) + ")\n";
  std::string faults = s.faults ? ", fault map " + s.faults->file : "";
  return "chips: " + n + " of device '" + s.model.name + "' (seed " + std::to_string(s.seed) +
         "; " + formatNumber(s.env.cycles) + " cycles, " + formatNumber(s.env.retention_s) +
         " s after programming, " + formatNumber(s.env.temperature_k) + " K" + faults + ")\n";
}

std::string accuracyLines(const ChipReport &r) {
  const Accuracy &a = *r.accuracy;
  int64_t n = r.runs->ideal.samples;
  std::string ideal = formatFixed("%.4f", a.ideal) + " (" + std::to_string(a.ideal_correct) + "/" +
                      std::to_string(n) + ")";
  if (r.setup->ideal)
    return "accuracy: " + ideal + "\n";
  return "accuracy: " + formatFixed("%.4f", a.mean) + " (95% interval " +
         formatFixed("%.4f", a.ci95.lo) + " to " + formatFixed("%.4f", a.ci95.hi) + ", " +
         a.ci95_method + ")\nideal chip accuracy: " + ideal + "\n";
}

std::string errorLines(const ChipReport &r) {
  const ChipRuns &runs = *r.runs;
  double chips = double(runs.chips.size()), stat = 0, flips = 0;
  for (const ChipRecord &c : runs.chips)
    stat += double(c.static_errors) / chips, flips += double(c.read_flips) / chips;
  double ber = r.reads.cell_reads ? double(r.reads.wrong_reads) / double(r.reads.cell_reads) : 0;
  const StaticErrors &e = r.static_errors;
  return "predictions differing from the ideal chip: " +
         formatFixed("%.2f%%", 100 * r.change_fraction) +
         "\nweight bit errors: " + formatFixed("%.3g", r.cell_ber) +
         " of the cells wrong (per chip " + formatFixed("%.4g", stat) + " static errors and " +
         formatFixed("%.4g", flips) + " read flips on average); per cell read " +
         formatFixed("%.3g", ber) + " (" + std::to_string(r.reads.wrong_reads) + " wrong of " +
         std::to_string(r.reads.cell_reads) + " reads)\n" +
         "static weight errors: " + std::to_string(e.count) + " in " + std::to_string(e.cells) +
         " cells, BER " + formatFixed("%.3g", e.rate) + " (95% Poisson interval " +
         formatFixed("%.3g", e.ci95.lo) + " to " + formatFixed("%.3g", e.ci95.hi) + ")\n";
}

// Energy per inference with each component's share.
std::string energyLine(const ChipReport &r) {
  const energy::InferenceEnergy &e = r.energy;
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
  const Programming &p = r.programming;
  std::string retries =
      r.setup->ideal ? ""
                     : ", of which " + formatNumber(p.retry_pulses) + " verify retries per chip";
  return "programming (condition '" + r.image->condition.name +
         "'): " + energyText(p.energy_nj * 1000) + ", " + durationText(p.time_us * 1000) + ", " +
         formatNumber(p.pulses) + " pulses" + retries + "\n";
}

} // namespace

std::string reportText(const ChipReport &r) {
  std::string s = "model: " + r.request->model + " (" + std::to_string(r.runs->ideal.samples) +
                  " samples)\n" + chipsLine(*r.setup, r.runs->chips.size());
  if (r.accuracy)
    s += accuracyLines(r);
  if (const std::optional<ReferenceRun> &ref = r.reference)
    s +=
        "reference model " + ref->model + ": " +
        (ref->accuracy ? "accuracy " + formatFixed("%.4f", *ref->accuracy) + ", " : std::string()) +
        "the ideal chip predicts its class on " + formatFixed("%.4f", ref->agreement) +
        " of the samples\n";
  if (!r.setup->ideal)
    s += errorLines(r);
  s += energyLine(r) + programmingLine(r);
  for (const std::string &note : r.image->program.notes)
    s += "note: " + note + "\n";
  return s;
}

} // namespace bnnc::driver
