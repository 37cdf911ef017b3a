// The sweep's plots (SVG): accuracy against the observed weight bit error rate, one line per
// combination of the parameters that do not set the error rate; and a cost against accuracy
// with the Pareto front.
#pragma once

#include "bnnc/sweep/files.h"
#include "bnnc/sweep/svg.h"

#include <string>

namespace bnnc::sweep {

Chart accuracyVsBerChart(const Table &table);
Chart paretoChart(const Table &table, const std::string &cost);

// Writes accuracy-vs-ber.svg and pareto-<cost>.svg for each of `costs` into `dir` (created if
// missing); returns the paths written.
std::vector<std::string> writePlots(const Table &table, const std::vector<std::string> &costs,
                                    const std::string &dir);

} // namespace bnnc::sweep
