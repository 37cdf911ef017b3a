// A point's result columns (see results.h).
#include "results.h"

#include <cstdio>

namespace bnnc::sweep {

json resultsOf(const evaluate::Result &r, const image::ChipImage &image) {
  const std::optional<evaluate::Accuracy> &a = r.accuracy;
  json out;
  out["accuracy"] = a ? json(a->mean) : json(nullptr);
  out["accuracy_ci95_lo"] = a ? json(a->ci95.lo) : json(nullptr);
  out["accuracy_ci95_hi"] = a ? json(a->ci95.hi) : json(nullptr);
  out["ideal_accuracy"] = a ? json(a->ideal) : json(nullptr);
  out["prediction_change_fraction"] = r.change_fraction;
  const emulator::ReadCounts &reads = r.reads;
  out["observed_ber"] =
      reads.cell_reads ? double(reads.wrong_reads) / double(reads.cell_reads) : 0.0;
  out["cell_ber"] = r.cell_ber;
  out["energy_per_inference_pj"] = r.energy.energy_per_inference_pj;
  out["latency_per_inference_ns"] = r.energy.latency_per_inference_ns;
  out["programming_energy_nj"] = r.programming.energy_nj;
  out["programming_time_us"] = r.programming.time_us;
  out["cells_used"] = r.cells_used;
  out["tiles_used"] = int64_t(image.mapping.tiles.size());
  return out;
}

std::string resultSummary(const json &results) {
  char buf[128];
  const json &a = results["accuracy"];
  std::snprintf(buf, sizeof buf, "observed BER %.3g", results["observed_ber"].get<double>());
  return (a.is_null() ? "" : "accuracy " + std::to_string(a.get<double>()).substr(0, 6) + ", ") +
         buf;
}

} // namespace bnnc::sweep
