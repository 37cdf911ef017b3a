// The Hungarian method with potentials, O(n^2 m) (Kuhn 1955; Munkres 1957; the shortest
// augmenting path form of e.g. Jonker and Volgenant): rows are added one at a time, each by the
// cheapest augmenting path in the reduced costs cost[i][j] - u[i] - v[j], which stay >= 0.
#include "assignment.h"

#include <cassert>
#include <cstddef>
#include <limits>

namespace bnnc::device {

std::vector<int> solveAssignment(const std::vector<std::vector<double>> &cost) {
  const int n = int(cost.size()), m = n ? int(cost[0].size()) : 0;
  assert(n <= m);
  const double inf = std::numeric_limits<double>::infinity();
  // 1-based: column 0 is a virtual column holding the row being added; row_of[j] is the row
  // assigned to column j (0: none).
  std::vector<double> u(size_t(n) + 1, 0), v(size_t(m) + 1, 0);
  std::vector<int> row_of(size_t(m) + 1, 0), way(size_t(m) + 1, 0);
  for (int i = 1; i <= n; ++i) {
    row_of[0] = i;
    int j0 = 0;
    std::vector<double> minv(size_t(m) + 1, inf);
    std::vector<char> used(size_t(m) + 1, 0);
    do { // grow the tree of tight edges until it reaches a free column
      used[size_t(j0)] = 1;
      int i0 = row_of[size_t(j0)], j1 = 0;
      double delta = inf;
      for (int j = 1; j <= m; ++j) {
        if (used[size_t(j)])
          continue;
        double reduced = cost[size_t(i0 - 1)][size_t(j - 1)] - u[size_t(i0)] - v[size_t(j)];
        if (reduced < minv[size_t(j)])
          minv[size_t(j)] = reduced, way[size_t(j)] = j0;
        if (minv[size_t(j)] < delta)
          delta = minv[size_t(j)], j1 = j;
      }
      for (int j = 0; j <= m; ++j) {
        if (used[size_t(j)])
          u[size_t(row_of[size_t(j)])] += delta, v[size_t(j)] -= delta;
        else
          minv[size_t(j)] -= delta;
      }
      j0 = j1;
    } while (row_of[size_t(j0)] != 0);
    do { // flip the augmenting path back to the virtual column
      int j1 = way[size_t(j0)];
      row_of[size_t(j0)] = row_of[size_t(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> column(size_t(n), -1);
  for (int j = 1; j <= m; ++j)
    if (row_of[size_t(j)] > 0)
      column[size_t(row_of[size_t(j)] - 1)] = j - 1;
  return column;
}

} // namespace bnnc::device
