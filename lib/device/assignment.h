// The assignment problem: rows to distinct columns at the least total cost (Hungarian method).
#pragma once

#include <vector>

namespace bnnc::device {

// cost[i][j] for n rows and m >= n columns; returns the column of each row, distinct, minimizing
// the sum of the chosen costs.
std::vector<int> solveAssignment(const std::vector<std::vector<double>> &cost);

} // namespace bnnc::device
