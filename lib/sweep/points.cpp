// Point numbering and sharding of a sweep.
#include "bnnc/sweep/points.h"

#include "bnnc/support/error.h"

#include <algorithm>
#include <charconv>

namespace bnnc::sweep {

namespace {

// Appends `name` unless it is there: columns keep their first appearance.
void addColumn(std::vector<std::string> &columns, const std::string &name) {
  if (std::find(columns.begin(), columns.end(), name) == columns.end())
    columns.push_back(name);
}

} // namespace

Plan::Plan(Spec spec) : spec_(std::move(spec)) {
  // The product is bounded step by step, so it cannot overflow on the way.
  grid_points_ = spec_.grid.empty() ? 0 : 1;
  for (const Axis &a : spec_.grid) {
    grid_points_ *= int64_t(a.steps.size());
    if (grid_points_ > kMaxPoints)
      break;
  }
  if (grid_points_ > kMaxPoints || size() > kMaxPoints)
    throw Error("sweep: error: the sweep has more than " + std::to_string(kMaxPoints) +
                " points; split it into several sweeps");
  for (const Axis &a : spec_.grid)
    for (const std::string &n : a.names)
      addColumn(columns_, n);
  for (const Settings &p : spec_.points)
    for (const Setting &s : p)
      addColumn(columns_, s.name);
  // A sweep of nothing is one point: the base settings.
  if (size() == 0)
    spec_.points.emplace_back();
}

Point Plan::at(int64_t index) const {
  Point p{index, {}};
  if (index >= grid_points_) {
    p.own = spec_.points[size_t(index - grid_points_)];
    return p;
  }
  // Mixed radix: the last axis is the least significant digit.
  std::vector<const Settings *> steps(spec_.grid.size());
  int64_t rest = index;
  for (size_t a = spec_.grid.size(); a-- > 0;) {
    int64_t n = int64_t(spec_.grid[a].steps.size());
    steps[a] = &spec_.grid[a].steps[size_t(rest % n)];
    rest /= n;
  }
  for (const Settings *s : steps)
    p.own.insert(p.own.end(), s->begin(), s->end());
  return p;
}

std::string Plan::label(const Point &point) const {
  std::string text = "point " + std::to_string(point.index);
  std::string sep = " (";
  for (const Setting &s : point.own) {
    text += sep + s.name + "=" + valueText(s.value);
    sep = ", ";
  }
  return point.own.empty() ? text : text + ")";
}

Shard parseShard(const std::string &text) {
  Shard s;
  size_t slash = text.find('/');
  auto number = [](const std::string &t, int64_t &v) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && p == t.data() + t.size() && !t.empty();
  };
  bool ok = slash != std::string::npos && number(text.substr(0, slash), s.index) &&
            number(text.substr(slash + 1), s.count) && s.count >= 1 && s.index >= 0 &&
            s.index < s.count;
  if (!ok)
    throw Error("--shard: error: must be I/N with 0 <= I < N (I counts from 0, as Slurm's "
                "--array=0-(N-1) does), got '" +
                text + "'");
  return s;
}

} // namespace bnnc::sweep
