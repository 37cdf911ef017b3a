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

// The schedule of the condition (2 pulses per used cell), plus the chips' verify retries: a
// retry re-programs a pair (one SET and one RESET), so an extra pulse costs the mean of the two
// pulse energies and one pulse width.
Programming programmingOf(const mapping::Mapping &mapping, const image::Condition &cond,
                          const std::vector<ChipRecord> &chips) {
  image::ScheduleTotals t = image::scheduleTotals(mapping, cond);
  Programming p;
  for (const ChipRecord &c : chips)
    p.retry_pulses += double(std::max<int64_t>(0, c.pulses - t.pulses)) / double(chips.size());
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
                 const image::Condition &condition, int64_t ideal_correct) {
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
  r.energy = energy::inferenceEnergy(x.image, p.technology);
  r.programming = programmingOf(x.image.mapping, condition, runs.chips);
  if (!p.ideal)
    r.planes = planeSummaries(x, runs.chips, r.samples);
  r.first = std::move(runs.first);
  r.chips = std::move(runs.chips);
  r.layer_reads = std::move(runs.reads);
  return r;
}

} // namespace bnnc::evaluate
