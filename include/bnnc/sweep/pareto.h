// The Pareto front of a sweep's results: the points that no other point beats on both a cost
// (lower is better: energy per inference, programming energy, ...) and accuracy (higher is
// better).
#pragma once

#include "bnnc/sweep/files.h"

#include <optional>
#include <string>
#include <vector>

namespace bnnc::sweep {

// The result column of a --pareto cost: energy, programming-energy, latency, programming-time,
// cells, tiles, or the column's own name. Throws "--pareto: error: unknown cost ...".
std::string costColumn(const std::string &name);

struct Candidate {
  size_t row = 0; // index into the table
  double cost = 0, accuracy = 0;
};

// The non-dominated candidates, cheapest first. A candidate is dominated when another costs no
// more and is at least as accurate, and is better in one of the two; candidates equal in both
// are all kept (in table order).
std::vector<Candidate> paretoFront(std::vector<Candidate> candidates);

// The front of `cost` against accuracy as a table, and with `max_loss` (accuracy points, 0.5 for
// half a percent) the cheapest point whose accuracy is at most that far below the ideal chip's.
std::string paretoText(const Table &table, const std::string &cost, std::optional<double> max_loss);

} // namespace bnnc::sweep
