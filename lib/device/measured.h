// Measured resistance distributions (docs/device-model.md, "Measured distributions"): reading
// them from a CSV file, and the empirical median, spread and quantile that replace the
// log-normal states.
#pragma once

#include "bnnc/device/device_model.h"

#include <string>
#include <vector>

namespace bnnc::device {

// The measured resistances of `condition` in `path` (columns condition,state,resistance_ohm;
// state LRS or HRS), as sorted ln R per state. At least kMinMeasured per state.
Measured readMeasured(const std::string &path, const std::string &condition);
constexpr size_t kMinMeasured = 10;
constexpr int64_t kMaxMeasuredRows = 10'000'000;

// Of sorted values: the median, the standard deviation, and the quantile at Phi(z) (Hazen
// plotting positions, linear between the values, held at the extremes: an empirical
// distribution of n values says nothing beyond its range).
double measuredMedian(const std::vector<double> &sorted);
double measuredSigma(const std::vector<double> &sorted);
double measuredQuantile(const std::vector<double> &sorted, double z);

} // namespace bnnc::device
