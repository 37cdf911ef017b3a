// Pareto fronts of sweep results, and their text report.
#include "bnnc/sweep/pareto.h"

#include "bnnc/support/error.h"
#include "bnnc/support/format.h"

#include <algorithm>
#include <cstdio>

namespace bnnc::sweep {

namespace {

const std::pair<const char *, const char *> kCosts[] = {
    {"energy", "energy_per_inference_pj"},
    {"programming-energy", "programming_energy_nj"},
    {"latency", "latency_per_inference_ns"},
    {"programming-time", "programming_time_us"},
    {"cells", "cells_used"},
    {"tiles", "tiles_used"}};

// v with a fixed number of decimals (accuracies in percent).
std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// v in at most 6 significant digits (costs: 7926.55, 22617.6).
std::string shortest6(double v) { return formatFixed("%.6g", v); }

// Columns padded to their widest cell, two spaces apart; numbers right-aligned.
std::string aligned(const std::vector<std::vector<std::string>> &rows) {
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto &r : rows)
    for (size_t c = 0; c < r.size(); ++c)
      width[c] = std::max(width[c], r[c].size());
  std::string text;
  for (const auto &r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c)
      line += (c ? "  " : "") + r[c] + std::string(width[c] - r[c].size(), ' ');
    text += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  return text;
}

struct Columns {
  int cost, accuracy, lo, hi, ideal, point;
};

// The rows that have both the cost and an accuracy.
std::vector<Candidate> candidatesOf(const Table &t, const Columns &c) {
  std::vector<Candidate> all;
  for (size_t r = 0; r < t.cells.size(); ++r) {
    std::optional<double> cost = t.number(r, c.cost), acc = t.number(r, c.accuracy);
    if (cost && acc)
      all.push_back({r, *cost, *acc});
  }
  if (all.empty())
    throw Error("--pareto: error: the results hold no accuracy (run the sweep with --labels)");
  return all;
}

// One table line: point, cost, accuracy %, interval, loss in points, the parameters.
std::vector<std::string> line(const Table &t, const Columns &c, const Candidate &x) {
  double ideal = t.number(x.row, c.ideal).value_or(x.accuracy);
  std::vector<std::string> cells = {t.cells[x.row][size_t(c.point)], shortest6(x.cost),
                                    fixed(100 * x.accuracy, 2),
                                    fixed(100 * t.number(x.row, c.lo).value_or(0), 2) + "-" +
                                        fixed(100 * t.number(x.row, c.hi).value_or(0), 2),
                                    fixed(100 * (ideal - x.accuracy), 2)};
  for (const std::string &p : t.parameters())
    cells.push_back(t.cells[x.row][size_t(t.column(p))]);
  return cells;
}

} // namespace

std::string costColumn(const std::string &name) {
  std::string known;
  for (const auto &[alias, column] : kCosts) {
    if (name == alias || name == column)
      return column;
    known += std::string(known.empty() ? "" : ", ") + alias;
  }
  throw Error("--pareto: error: unknown cost '" + name + "' (known: " + known +
              ", or their column names)");
}

std::vector<Candidate> paretoFront(std::vector<Candidate> all) {
  std::stable_sort(all.begin(), all.end(), [](const Candidate &a, const Candidate &b) {
    return a.cost != b.cost ? a.cost < b.cost : a.accuracy > b.accuracy;
  });
  std::vector<Candidate> front;
  for (const Candidate &x : all) {
    // Sorted by cost, a candidate survives if it is more accurate than every cheaper one, or
    // ties the last survivor exactly.
    bool tie = !front.empty() && x.cost == front.back().cost && x.accuracy == front.back().accuracy;
    if (front.empty() || x.accuracy > front.back().accuracy || tie)
      front.push_back(x);
  }
  return front;
}

std::string paretoText(const Table &t, const std::string &cost, std::optional<double> max_loss) {
  Columns c{t.column(cost),
            t.column("accuracy"),
            t.column("accuracy_ci95_lo"),
            t.column("accuracy_ci95_hi"),
            t.column("ideal_accuracy"),
            t.column("point")};
  std::vector<Candidate> all = candidatesOf(t, c);
  std::vector<Candidate> front = paretoFront(all);
  std::vector<std::vector<std::string>> rows = {
      {"point", cost, "accuracy %", "95% interval", "loss"}};
  for (const std::string &p : t.parameters())
    rows[0].push_back(p);
  for (const Candidate &x : front)
    rows.push_back(line(t, c, x));
  std::string text = "Pareto front of " + cost +
                     " (lower is better) and accuracy: " + std::to_string(front.size()) + " of " +
                     std::to_string(all.size()) +
                     " points (loss: accuracy points below the ideal chip)\n" + aligned(rows);
  if (!max_loss)
    return text;
  // The cheapest point within the loss is on the front: a point that beats it is within too.
  auto within = std::find_if(front.begin(), front.end(), [&](const Candidate &x) {
    return 100 * (t.number(x.row, c.ideal).value_or(x.accuracy) - x.accuracy) <= *max_loss;
  });
  text += "cheapest point within " + shortest6(*max_loss) + " accuracy points of the ideal chip: ";
  if (within == front.end())
    return text + "none\n";
  std::string params;
  for (const std::string &p : t.parameters())
    params += (params.empty() ? " (" : ", ") + p + "=" + t.cells[within->row][size_t(t.column(p))];
  return text + "point " + t.cells[within->row][size_t(c.point)] +
         (params.empty() ? "" : params + ")") + ": " + cost + " " + shortest6(within->cost) +
         ", accuracy " + fixed(100 * within->accuracy, 2) + " %\n";
}

} // namespace bnnc::sweep
