// Point numbering (grid product, last axis fastest, then the explicit points), columns, labels,
// and sharding: the shards of a sweep are disjoint and together hold every point once.
#include "bnnc/support/error.h"
#include "bnnc/support/random.h"
#include "bnnc/sweep/points.h"

#include <gtest/gtest.h>
#include <set>

namespace bnnc::sweep {
namespace {

Plan planOf(const std::string &text) { return Plan(parseSpec(text, "sweep.json")); }

// "tile_rows=64 ber=0.1" for the point's own settings.
std::string settingsText(const Point &p) {
  std::string s;
  for (const Setting &x : p.own)
    s += (s.empty() ? "" : " ") + x.name + "=" + valueText(x.value);
  return s;
}

TEST(SweepPoints, GridProductLastAxisFastestThenExplicitPoints) {
  Plan plan = planOf(R"({
    "grid": [{"condition": ["typical", "endurance", "low-energy"]},
             {"ber": [1e-6, 1e-3]},
             {"tile_rows": [64, 128], "tile_cols": [32, 128]}],
    "points": [{"seed": 4, "ber": 0.5}]
  })");
  ASSERT_EQ(plan.size(), 3 * 2 * 2 + 1);
  EXPECT_EQ(settingsText(plan.at(0)), "condition=typical ber=1e-06 tile_rows=64 tile_cols=32");
  EXPECT_EQ(settingsText(plan.at(1)), "condition=typical ber=1e-06 tile_rows=128 tile_cols=128");
  EXPECT_EQ(settingsText(plan.at(2)), "condition=typical ber=0.001 tile_rows=64 tile_cols=32");
  EXPECT_EQ(settingsText(plan.at(4)), "condition=endurance ber=1e-06 tile_rows=64 tile_cols=32");
  EXPECT_EQ(settingsText(plan.at(11)),
            "condition=low-energy ber=0.001 tile_rows=128 tile_cols=128");
  EXPECT_EQ(settingsText(plan.at(12)), "seed=4 ber=0.5");
  EXPECT_EQ(plan.at(12).index, 12);
  EXPECT_EQ(plan.columns(),
            (std::vector<std::string>{"condition", "ber", "tile_rows", "tile_cols", "seed"}));
  EXPECT_EQ(plan.label(plan.at(2)),
            "point 2 (condition=typical, ber=0.001, tile_rows=64, tile_cols=32)");
}

TEST(SweepPoints, NothingSweptIsOnePoint) {
  Plan plan = planOf(R"({"base": {"chips": 3}})");
  ASSERT_EQ(plan.size(), 1);
  EXPECT_TRUE(plan.at(0).own.empty());
  EXPECT_TRUE(plan.columns().empty());
  EXPECT_EQ(plan.label(plan.at(0)), "point 0");
}

TEST(SweepPoints, TooManyPoints) {
  std::string values = "[";
  for (int i = 0; i < 101; ++i)
    values += std::to_string(i + 1) + (i < 100 ? "," : "]");
  std::string axis = "{\"chips\": " + values + "}", axis2 = "{\"seed\": " + values + "}";
  std::string axis3 = "{\"cycles\": " + values + "}";
  try {
    planOf("{\"grid\": [" + axis + "," + axis2 + "," + axis3 + "]}");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "sweep: error: the sweep has more than 1000000 points; split it into "
                           "several sweeps");
  }
}

TEST(SweepShard, ParsesAndRejects) {
  Shard s = parseShard("3/8");
  EXPECT_EQ(s.index, 3);
  EXPECT_EQ(s.count, 8);
  EXPECT_TRUE(s.has(11));
  EXPECT_FALSE(s.has(12));
  const std::string why = "--shard: error: must be I/N with 0 <= I < N (I counts from 0, as "
                          "Slurm's --array=0-(N-1) does), got ";
  for (const std::string bad : {"4/4", "1", "-1/4", "1/0", "a/4", "1/4x", "/4", "1/"}) {
    try {
      parseShard(bad);
      ADD_FAILURE() << bad;
    } catch (const Error &e) {
      EXPECT_EQ(e.what(), why + "'" + bad + "'");
    }
  }
}

// For random sweep sizes and shard counts: every point is in exactly one shard, and the shards
// differ in size by at most one point.
TEST(SweepShard, DisjointAndCovering) {
  Rng rng(20240611);
  for (int trial = 0; trial < 200; ++trial) {
    int64_t points = int64_t(rng.next() % 500), count = int64_t(rng.next() % 40) + 1;
    std::vector<int> owners(size_t(points), 0);
    int64_t smallest = points, largest = 0;
    for (int64_t i = 0; i < count; ++i) {
      Shard s{i, count};
      int64_t n = 0;
      for (int64_t p = 0; p < points; ++p)
        if (s.has(p)) {
          ++owners[size_t(p)];
          ++n;
        }
      smallest = std::min(smallest, n);
      largest = std::max(largest, n);
    }
    for (int64_t p = 0; p < points; ++p)
      ASSERT_EQ(owners[size_t(p)], 1) << "points " << points << ", shards " << count;
    EXPECT_LE(largest - smallest, 1) << "points " << points << ", shards " << count;
  }
}

} // namespace
} // namespace bnnc::sweep
