// The human summary of `bnnc run` on a chip image (see run_report.h).
#include "bnnc/support/format.h"
#include "run_report.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace bnnc::driver {

namespace {

std::string printf1(const char *fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// A value in a base unit (pJ or ns) with the prefix that keeps it between 1 and 1000.
std::string scaled(double v, const char *const prefixes[], int count, const char *unit) {
  int i = 0;
  for (; i + 1 < count && std::abs(v) >= 1000; ++i)
    v /= 1000;
  return printf1("%.4g ", v) + prefixes[i] + unit;
}

std::string energy(double pj) {
  static const char *const p[] = {"p", "n", "u", "m", ""};
  return scaled(pj, p, 5, "J");
}

std::string duration(double ns) {
  static const char *const p[] = {"n", "u", "m", ""};
  return scaled(ns, p, 4, "s");
}

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
  std::string ideal = printf1("%.4f", a.ideal) + " (" + std::to_string(a.ideal_correct) + "/" +
                      std::to_string(n) + ")";
  if (r.setup->ideal)
    return "accuracy: " + ideal + "\n";
  return "accuracy: " + printf1("%.4f", a.mean) + " (95% interval " + printf1("%.4f", a.ci95.lo) +
         " to " + printf1("%.4f", a.ci95.hi) + ", " + a.ci95_method +
         ")\nideal chip accuracy: " + ideal + "\n";
}

std::string errorLines(const ChipReport &r) {
  const ChipRuns &runs = *r.runs;
  double chips = double(runs.chips.size()), stat = 0, flips = 0;
  for (const ChipRecord &c : runs.chips)
    stat += double(c.static_errors) / chips, flips += double(c.read_flips) / chips;
  double ber = r.reads.cell_reads ? double(r.reads.wrong_reads) / double(r.reads.cell_reads) : 0;
  const StaticErrors &e = r.static_errors;
  return "predictions differing from the ideal chip: " +
         printf1("%.2f%%", 100 * r.change_fraction) + "\nweight bit errors: observed BER " +
         printf1("%.3g", ber) + " (" + std::to_string(r.reads.wrong_reads) + " wrong of " +
         std::to_string(r.reads.cell_reads) + " cell reads); per chip " + printf1("%.4g", stat) +
         " static errors and " + printf1("%.4g", flips) + " read flips on average\n" +
         "static weight errors: " + std::to_string(e.count) + " in " + std::to_string(e.cells) +
         " cells, BER " + printf1("%.3g", e.rate) + " (95% Poisson interval " +
         printf1("%.3g", e.ci95.lo) + " to " + printf1("%.3g", e.ci95.hi) + ")\n";
}

// Energy per inference with each component's share.
std::string energyLine(const ChipReport &r) {
  const energy::InferenceEnergy &e = r.energy;
  std::string shares;
  for (const auto &[name, pj] : energy::components(e.total)) {
    if (name == "ecc" && pj == 0) // a decoder only where a code is read
      continue;
    double share = e.energy_per_inference_pj > 0 ? 100 * pj / e.energy_per_inference_pj : 0;
    shares += (shares.empty() ? "" : ", ") + name + printf1(" %.0f%%", share);
  }
  return "energy per inference: " + energy(e.energy_per_inference_pj) + " (" + shares +
         "); latency " + duration(e.latency_per_inference_ns) + "\n";
}

std::string programmingLine(const ChipReport &r) {
  const Programming &p = r.programming;
  std::string retries =
      r.setup->ideal ? ""
                     : ", of which " + formatNumber(p.retry_pulses) + " verify retries per chip";
  return "programming (condition '" + r.image->condition.name +
         "'): " + energy(p.energy_nj * 1000) + ", " + duration(p.time_us * 1000) + ", " +
         formatNumber(p.pulses) + " pulses" + retries + "\n";
}

} // namespace

std::string reportText(const ChipReport &r) {
  std::string s = "model: " + r.request->model + " (" + std::to_string(r.runs->ideal.samples) +
                  " samples)\n" + chipsLine(*r.setup, r.runs->chips.size());
  if (r.accuracy)
    s += accuracyLines(r);
  if (const std::optional<ReferenceRun> &ref = r.reference)
    s += "reference model " + ref->model + ": " +
         (ref->accuracy ? "accuracy " + printf1("%.4f", *ref->accuracy) + ", " : std::string()) +
         "the ideal chip predicts its class on " + printf1("%.4f", ref->agreement) +
         " of the samples\n";
  if (!r.setup->ideal)
    s += errorLines(r);
  s += energyLine(r) + programmingLine(r);
  for (const std::string &note : r.image->program.notes)
    s += "note: " + note + "\n";
  return s;
}

} // namespace bnnc::driver
