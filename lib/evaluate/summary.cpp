// An evaluation's numbers (see summary.h; the report's keys in docs/cli.md, "bnnc run").
#include "summary.h"

#include "bnnc/image/schedule.h"

#include <algorithm>

namespace bnnc::evaluate {

namespace {

Accuracy accuracyOf(const std::vector<ChipRecord> &chips, int64_t ideal_correct, int64_t samples) {
  Accuracy a;
  for (const ChipRecord &c : chips)
    a.per_chip.push_back(double(c.correct) / double(samples));
  for (double v : a.per_chip)
    a.mean += v / double(a.per_chip.size());
  // Several chips: the spread between chips (Student's t). One chip: the sampling error of its
  // accuracy over the samples (Wilson), the only spread there is to see.
  if (a.per_chip.size() >= 2) {
    a.ci95 = studentInterval95(a.per_chip);
    a.ci95_method = "student-t over chips";
  } else {
    a.ci95 = wilsonInterval95(chips[0].correct, samples);
    a.ci95_method = "wilson over samples";
  }
  a.ideal_correct = ideal_correct;
  a.ideal = double(ideal_correct) / double(samples);
  return a;
}

// The chips' SETs and RESETs (verify retries and check-bit cells included) at the condition's
// pulse energies, one pulse width each, averaged over the chips.
Programming programmingOf(const image::Condition &cond, const std::vector<ChipRecord> &chips) {
  const double n = double(chips.size());
  Programming p;
  double sets = 0, resets = 0;
  for (const ChipRecord &c : chips) {
    sets += double(c.sets) / n, resets += double(c.resets) / n;
    p.pulses += double(c.pulses) / n;
    p.retry_pulses += double(std::max<int64_t>(0, c.pulses - c.first_pulses)) / n;
    p.verify_reads += double(c.verify_reads) / n;
  }
  // pJ -> nJ and ns -> us: / 1000.
  p.energy_nj = (sets * cond.set_energy_pj + resets * cond.reset_energy_pj) / 1000;
  p.time_us = p.pulses * cond.pulse_ns / 1000;
  return p;
}

StaticErrors staticErrorsOf(const std::vector<ChipRecord> &chips) {
  StaticErrors e;
  for (const ChipRecord &c : chips)
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

// Each weight plane's records, averaged over the chips (every chip has the same planes).
std::vector<PlaneSummary> planeSummaries(const ChipContext &x, const std::vector<ChipRecord> &chips,
                                         int64_t samples_count) {
  std::vector<PlaneSummary> out;
  if (chips.empty())
    return out;
  double n = double(chips.size()), samples = double(samples_count);
  for (size_t i = 0; i < chips[0].planes.size(); ++i) {
    const PlaneRecord &first = chips[0].planes[i];
    PlaneSummary s{
        x.image.program.layers[size_t(first.layer)].name, first.plane, first.cells, 0, {}, {}};
    double correct = 0, changed = 0;
    for (const ChipRecord &c : chips) {
      const PlaneRecord &rec = c.planes[i];
      s.ber += fraction(rec.static_errors, rec.cells) / n;
      changed += samples > 0 ? double(rec.changed) / samples / n : 0;
      correct += samples > 0 ? double(rec.correct) / samples / n : 0;
    }
    if (first.ran)
      s.change_fraction = changed;
    if (first.ran && !x.labels.empty())
      s.accuracy = correct;
    out.push_back(s);
  }
  return out;
}

} // namespace

Result summarize(const ChipContext &x, const Population &p, ChipRuns runs,
                 const image::Condition &condition, const energy::ReadScheme &scheme,
                 int64_t ideal_correct) {
  Result r;
  r.condition = condition;
  r.samples = x.ideal.samples;
  r.classes = x.ideal.classes;
  if (!x.labels.empty() && r.samples > 0)
    r.accuracy = accuracyOf(runs.chips, ideal_correct, r.samples);
  int64_t changed = 0;
  for (const ChipRecord &c : runs.chips)
    changed += c.changed;
  r.change_fraction = fraction(changed, r.samples * int64_t(runs.chips.size()));
  for (const mapping::Tile &t : x.image.mapping.tiles)
    r.cells_used += t.rows * t.cols;
  if (!p.ideal)
    for (const ChipRecord &c : runs.chips)
      r.cell_ber += fraction(c.static_errors, r.cells_used) / double(runs.chips.size());
  for (const emulator::ReadCounts &c : runs.reads) {
    r.reads.cell_reads += c.cell_reads;
    r.reads.wrong_reads += c.wrong_reads;
    r.reads.read_flips += c.read_flips;
  }
  r.read_scheme = scheme;
  r.energy = energy::inferenceEnergy(x.image, p.technology, scheme);
  r.programming = programmingOf(condition, runs.chips);
  r.static_errors = staticErrorsOf(runs.chips);
  if (!p.ideal)
    r.planes = planeSummaries(x, runs.chips, r.samples);
  r.first = std::move(runs.first);
  r.chips = std::move(runs.chips);
  r.layer_reads = std::move(runs.reads);
  return r;
}

} // namespace bnnc::evaluate
