// The numbers of an evaluation's result from its chips' runs: accuracy over the chips with its
// interval, bit errors, energy and programming cost.
#pragma once

#include "chips.h"

namespace bnnc::evaluate {

// `runs` are the population's chips (for an ideal population, the ideal chip alone) and
// `ideal_correct` the ideal chip's correct predictions, `scheme` how the chips' cells are read; the
// result's device and condition are left to the caller.
Result summarize(const ChipContext &context, const Population &population, ChipRuns runs,
                 const image::Condition &condition, const energy::ReadScheme &scheme,
                 int64_t ideal_correct);

} // namespace bnnc::evaluate
