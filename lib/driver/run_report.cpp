// The run report's JSON form (see run_report.h; keys in docs/cli.md): the paths, the result's
// keys, the --reference model, the compiler's notes.
#include "run_report.h"

#include "bnnc/evaluate/report.h"

namespace bnnc::driver {

nlohmann::ordered_json reportJson(const ChipReport &r) {
  using json = nlohmann::ordered_json;
  json j;
  j["model"] = r.request.model;
  j["data"] = r.request.data;
  j.update(evaluate::resultJson(r.result, r.population, r.image));
  if (const std::optional<ReferenceRun> &ref = r.reference)
    j["reference"] = {{"model", ref->model},
                      {"accuracy", ref->accuracy ? json(*ref->accuracy) : nullptr},
                      {"ideal_chip_agreement", ref->agreement}};
  j["notes"] = r.image.program.notes;
  return j;
}

} // namespace bnnc::driver
