// The points of a sweep, numbered: the grid's product first (first axis outermost, the last
// varying fastest), then the explicit points. A point is computed from its index on demand, so
// that a large grid costs no memory, and shards take every N-th point.
#pragma once

#include "bnnc/sweep/spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::sweep {

// At most this many points: every point is checked before the sweep starts.
constexpr int64_t kMaxPoints = 1000000;

struct Point {
  int64_t index = 0;
  Settings own; // the point's settings from the grid or its explicit entry (not the base)
};

class Plan {
public:
  explicit Plan(Spec spec); // throws when the sweep has more than kMaxPoints points
  int64_t size() const { return grid_points_ + int64_t(spec_.points.size()); }
  Point at(int64_t index) const;
  const Spec &spec() const { return spec_; }
  // The swept parameters, the output's parameter columns: in order of first appearance in the
  // grid, then in the explicit points.
  const std::vector<std::string> &columns() const { return columns_; }
  // "point 12 (tile_rows=64, ber=1e-05)": a point for messages and progress.
  std::string label(const Point &point) const;

private:
  Spec spec_;
  int64_t grid_points_ = 0;
  std::vector<std::string> columns_;
};

// --shard I/N: the I-th of N disjoint slices, point p belonging to slice p mod N (round robin, so
// that neighbouring points, which often cost alike, spread over the slices).
struct Shard {
  int64_t index = 0, count = 1;
  bool has(int64_t point) const { return point % count == index; }
};
Shard parseShard(const std::string &text); // "--shard: error: must be I/N with 0 <= I < N, ..."

} // namespace bnnc::sweep
