// The Pareto front: hand-made cases (ties, dominated points), a randomized comparison with the
// definition checked pair by pair, and the printed report with --max-loss.
#include "bnnc/support/error.h"
#include "bnnc/support/random.h"
#include "bnnc/sweep/pareto.h"
#include "bnnc/sweep/plots.h"
#include "bnnc/sweep/progress.h"

#include <gtest/gtest.h>
#include <sstream>

namespace bnnc::sweep {
namespace {

std::vector<size_t> rowsOf(const std::vector<Candidate> &front) {
  std::vector<size_t> rows;
  for (const Candidate &c : front)
    rows.push_back(c.row);
  return rows;
}

TEST(SweepPareto, HandMadeFront) {
  // row: cost, accuracy
  std::vector<Candidate> c = {{0, 10, 0.90}, {1, 5, 0.80},  {2, 5, 0.85}, {3, 20, 0.95},
                              {4, 20, 0.95}, {5, 30, 0.95}, {6, 1, 0.10}, {7, 12, 0.90}};
  // 6 is cheapest; 2 beats 1 at the same cost; 0 beats 7; 3 and 4 tie exactly (both kept);
  // 5 costs more for no gain.
  EXPECT_EQ(rowsOf(paretoFront(c)), (std::vector<size_t>{6, 2, 0, 3, 4}));
  EXPECT_TRUE(paretoFront({}).empty());
}

bool dominates(const Candidate &a, const Candidate &b) {
  return a.cost <= b.cost && a.accuracy >= b.accuracy &&
         (a.cost < b.cost || a.accuracy > b.accuracy);
}

// The front is exactly the set of candidates no other candidate dominates (seed printed); values
// on a coarse grid so that ties happen.
TEST(SweepPareto, MatchesTheDefinition) {
  const uint64_t seed = 99;
  Rng rng(seed);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Candidate> all(rng.next() % 30);
    for (size_t i = 0; i < all.size(); ++i)
      all[i] = {i, double(rng.next() % 10), double(rng.next() % 10) / 10};
    std::vector<size_t> expected;
    for (const Candidate &x : all)
      if (std::none_of(all.begin(), all.end(), [&](const Candidate &y) { return dominates(y, x); }))
        expected.push_back(x.row);
    std::vector<size_t> got = rowsOf(paretoFront(all));
    std::sort(got.begin(), got.end());
    ASSERT_EQ(got, expected) << "seed " << seed << ", trial " << trial;
  }
}

Table table() {
  Table t;
  t.keys = {"point",
            "points",
            "tile_rows",
            "condition",
            "accuracy",
            "accuracy_ci95_lo",
            "accuracy_ci95_hi",
            "ideal_accuracy",
            "energy_per_inference_pj"};
  t.cells = {{"0", "4", "64", "typical", "0.96", "0.955", "0.965", "0.96", "9000"},
             {"1", "4", "64", "low-energy", "0.9555", "0.95", "0.96", "0.96", "9000"},
             {"2", "4", "128", "typical", "0.958", "0.95", "0.966", "0.96", "7926.548"},
             {"3", "4", "128", "low-energy", "0.9", "0.88", "0.92", "0.96", "7926.548"}};
  return t;
}

TEST(SweepPareto, Report) {
  EXPECT_EQ(paretoText(table(), "energy_per_inference_pj", 0.5),
            "Pareto front of energy_per_inference_pj (lower is better) and accuracy: 2 of 4 "
            "points (loss: accuracy points below the ideal chip)\n"
            "point  energy_per_inference_pj  accuracy %  95% interval  loss  tile_rows  condition\n"
            "2      7926.55                  95.80       95.00-96.60   0.20  128        typical\n"
            "0      9000                     96.00       95.50-96.50   0.00  64         typical\n"
            "cheapest point within 0.5 accuracy points of the ideal chip: point 2 (tile_rows=128, "
            "condition=typical): energy_per_inference_pj 7926.55, accuracy 95.80 %\n");
  std::string strict = paretoText(table(), "energy_per_inference_pj", 0.1);
  EXPECT_EQ(strict.substr(strict.rfind("cheapest")),
            "cheapest point within 0.1 accuracy points of the ideal chip: point 0 (tile_rows=64, "
            "condition=typical): energy_per_inference_pj 9000, accuracy 96.00 %\n");
  std::string none = paretoText(table(), "energy_per_inference_pj", 0.0);
  EXPECT_EQ(none.substr(none.rfind("cheapest")),
            "cheapest point within 0 accuracy points of the ideal chip: point 0 (tile_rows=64, "
            "condition=typical): energy_per_inference_pj 9000, accuracy 96.00 %\n");
}

TEST(SweepPareto, CostNamesAndMissingAccuracy) {
  EXPECT_EQ(costColumn("energy"), "energy_per_inference_pj");
  EXPECT_EQ(costColumn("programming-energy"), "programming_energy_nj");
  EXPECT_EQ(costColumn("cells_used"), "cells_used");
  try {
    costColumn("area");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "--pareto: error: unknown cost 'area' (known: energy, "
                           "programming-energy, latency, programming-time, cells, tiles, or "
                           "their column names)");
  }
  Table t = table();
  for (auto &row : t.cells)
    row[4] = "";
  try {
    paretoText(t, "energy_per_inference_pj", std::nullopt);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "--pareto: error: the results hold no accuracy (run the sweep with "
                           "--labels)");
  }
}

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size())
    ++n;
  return n;
}

TEST(SweepPlots, ParetoChartMarksTheFront) {
  Chart c = paretoChart(table(), "energy_per_inference_pj");
  ASSERT_EQ(c.series.size(), 2u);
  EXPECT_EQ(c.series[0].points.size(), 4u); // every point, muted
  ASSERT_EQ(c.series[1].points.size(), 2u); // the front, cheapest first
  EXPECT_DOUBLE_EQ(c.series[1].points[0].x, 7926.548);
  EXPECT_DOUBLE_EQ(c.series[1].points[0].y, 95.8);
  EXPECT_DOUBLE_EQ(c.series[1].points[0].y_lo, 95.0);
  EXPECT_FALSE(c.x_log);
  std::string svg = renderSvg(c);
  EXPECT_EQ(count(svg, "<circle"), 4u + 2u + 2u); // points, front, legend
  EXPECT_EQ(count(svg, "<polyline"), 1u);
  EXPECT_EQ(svg, renderSvg(c)); // deterministic
}

TEST(SweepPlots, AccuracyAgainstBerGroupsByTheOtherParameters) {
  Table t;
  t.keys = {"point", "points", "condition", "ber", "accuracy", "observed_ber"};
  t.cells = {{"0", "4", "typical", "0.1", "0.5", "0.1"},
             {"1", "4", "typical", "0.001", "0.96", "0.001"},
             {"2", "4", "low-energy", "0.1", "0.45", "0.1"},
             {"3", "4", "low-energy", "0", "0.96", "0"}};
  Chart c = accuracyVsBerChart(t);
  EXPECT_EQ(c.legend_title, "condition");
  ASSERT_EQ(c.series.size(), 2u);
  EXPECT_EQ(c.series[0].name, "typical");
  ASSERT_EQ(c.series[0].points.size(), 2u);
  EXPECT_DOUBLE_EQ(c.series[0].points[0].x, 0.001); // sorted by BER
  EXPECT_EQ(c.series[1].points.size(), 1u);
  EXPECT_EQ(c.note, "1 point(s) without accuracy or with no observed bit error are not shown");
  EXPECT_TRUE(c.x_log);
  EXPECT_NE(renderSvg(c).find(">1e-3</text>"), std::string::npos); // a decade tick
}

TEST(SweepProgress, LinesWithTimeLeft) {
  std::ostringstream err;
  double now = 100;
  Progress p(err, false, 4, 1, [&] { return now; });
  now += 2;
  p.finished("point 1 (ber=0.1)", "accuracy 0.5000");
  now += 4;
  p.finished("point 2 (ber=0.2)", "accuracy 0.4000");
  now += 0.5;
  p.finished("point 3 (ber=0.3)", "accuracy 0.3000");
  p.close();
  EXPECT_EQ(err.str(), "1/4 points already in the outputs, skipped\n"
                       "2/4 point 1 (ber=0.1): accuracy 0.5000 (2.0 s, about 4.0 s left)\n"
                       "3/4 point 2 (ber=0.2): accuracy 0.4000 (4.0 s, about 3.0 s left)\n"
                       "4/4 point 3 (ber=0.3): accuracy 0.3000 (0.5 s)\n");
}

TEST(SweepProgress, BarOnATerminal) {
  std::ostringstream err;
  double now = 0;
  Progress p(err, true, 3, 0, [&] { return now; });
  now = 90;
  p.finished("point 0", "");
  p.close();
  EXPECT_EQ(err.str(), "\r[##########....................] 1/3 points, about 3 min 00 s left"
                       "\x1b[K\n");
  EXPECT_EQ(durationText(7200 + 300), "2 h 05 min");
  EXPECT_EQ(durationText(45), "45 s");
}

} // namespace
} // namespace bnnc::sweep
