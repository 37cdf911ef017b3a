// An evaluation's result as JSON, with units in the key names: the keys of bnnc run --json
// (docs/cli.md, "The report") from `engine` to `programming_verify_reads`. The Python module
// gives the same keys.
#pragma once

#include "bnnc/evaluate/evaluate.h"

#include <nlohmann/json.hpp>

namespace bnnc::evaluate {

nlohmann::ordered_json resultJson(const Result &result, const Population &population,
                                  const image::ChipImage &image);

} // namespace bnnc::evaluate
