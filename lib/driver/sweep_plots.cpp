// The plots of a sweep's results.
#include "sweep_plots.h"

#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "sweep_pareto.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>

namespace bnnc::driver::dse {

namespace {

// Parameters that move the bit error rate: points that differ only in these share a line.
bool setsErrorRate(const std::string &name) {
  return name == "ber" || name == "seed" || name == "cycles" || name == "retention_time_s" ||
         name == "temperature_k" || name.rfind("device.", 0) == 0;
}

// Accuracy and its interval in percent.
PlotPoint accuracyPoint(const Table &t, size_t row, double x) {
  double acc = 100 * t.number(row, t.column("accuracy")).value_or(0);
  return {x, acc, 100 * t.number(row, t.column("accuracy_ci95_lo")).value_or(acc / 100),
          100 * t.number(row, t.column("accuracy_ci95_hi")).value_or(acc / 100)};
}

// The x of a row: the injected rate when the sweep sets one (the flow plots the same), else the
// share of cells sensed wrong (weighting cells by their reads would put a CNN's points where its
// small, much-read first layer is, not where its errors are).
std::optional<double> berOf(const Table &t, size_t row) {
  if (std::optional<double> injected = t.number(row, t.column("ber")))
    return injected;
  return t.number(row, t.column("cell_ber"));
}

} // namespace

Chart accuracyVsBerChart(const Table &t) {
  bool injected = std::find(t.parameters().begin(), t.parameters().end(), "ber") !=
                  t.parameters().end();
  Chart c{"Accuracy against the weight bit error rate",
          injected ? "injected weight BER (log scale)"
                   : "weight BER: share of cells wrong (log scale)",
          "accuracy % (95% interval)",
          true,
          {},
          "",
          ""};
  std::vector<std::string> group_by;
  for (const std::string &p : t.parameters())
    if (!setsErrorRate(p))
      group_by.push_back(p);
  std::map<std::string, size_t> index; // series by name, in order of first appearance
  for (const std::string &p : group_by)
    c.legend_title += (c.legend_title.empty() ? "" : ", ") + p;
  int left_out = 0;
  for (size_t r = 0; r < t.cells.size(); ++r) {
    std::optional<double> ber = berOf(t, r);
    if (!ber || *ber <= 0 || !t.number(r, t.column("accuracy"))) {
      ++left_out;
      continue;
    }
    std::string name;
    for (const std::string &p : group_by)
      name += (name.empty() ? "" : ", ") + t.cells[r][size_t(t.column(p))];
    auto [it, fresh] = index.emplace(name.empty() ? "all points" : name, c.series.size());
    if (fresh)
      c.series.push_back({it->first, {}, true, false});
    c.series[it->second].points.push_back(accuracyPoint(t, r, *ber));
  }
  // A line joins a series' points from the lowest BER to the highest.
  for (Series &s : c.series)
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const PlotPoint &a, const PlotPoint &b) { return a.x < b.x; });
  if (left_out)
    c.note = std::to_string(left_out) +
             " point(s) without accuracy or with no observed bit error are not shown";
  return c;
}

Chart paretoChart(const Table &t, const std::string &cost) {
  Chart c{"Pareto front: " + cost + " against accuracy",
          cost,
          "accuracy % (95% interval)",
          false,
          {},
          "",
          ""};
  std::vector<Candidate> all;
  Series every{"all points", {}, false, true};
  for (size_t r = 0; r < t.cells.size(); ++r) {
    std::optional<double> x = t.number(r, t.column(cost)), a = t.number(r, t.column("accuracy"));
    if (!x || !a)
      continue;
    all.push_back({r, *x, *a});
    every.points.push_back(accuracyPoint(t, r, *x));
  }
  Series front{"Pareto front", {}, true, false};
  for (const Candidate &x : all.empty() ? all : paretoFront(all))
    front.points.push_back(accuracyPoint(t, x.row, x.cost));
  double lo = INFINITY, hi = 0;
  for (const Candidate &x : all)
    lo = std::min(lo, x.cost), hi = std::max(hi, x.cost);
  // Costs spanning more than two decades read better on a log axis.
  c.x_log = lo > 0 && hi / lo > 100;
  c.x_label += c.x_log ? " (log scale)" : "";
  c.series = {every, front};
  c.note = std::to_string(front.points.size()) + " of " + std::to_string(all.size()) +
           " points on the front";
  return c;
}

std::vector<std::string> writePlots(const Table &t, const std::vector<std::string> &costs,
                                    const std::string &dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw Error(dir + ": error: cannot create directory: " + ec.message());
  std::vector<std::pair<std::string, Chart>> charts = {
      {dir + "/accuracy-vs-ber.svg", accuracyVsBerChart(t)}};
  for (const std::string &cost : costs)
    charts.emplace_back(dir + "/pareto-" + cost + ".svg", paretoChart(t, cost));
  std::vector<std::string> written;
  for (const auto &[path, chart] : charts) {
    writeFileAtomic(path, [&chart = chart](std::ostream &s) { s << renderSvg(chart); });
    written.push_back(path);
  }
  return written;
}

} // namespace bnnc::driver::dse
