// A point's results as the row's result columns (docs/sweep-format.md, "Output"): the numbers of
// bnnc run --json for the same options.
#pragma once

#include "bnnc/evaluate/evaluate.h"
#include "bnnc/sweep/params.h"

#include <string>

namespace bnnc::sweep {

// The result columns of an evaluation of `image`, in resultColumns() order.
json resultsOf(const evaluate::Result &result, const image::ChipImage &image);
// "accuracy 0.9575, observed BER 0.00098": a point's results for the progress lines.
std::string resultSummary(const json &results);

} // namespace bnnc::sweep
