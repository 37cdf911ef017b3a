// Merging shard outputs: the merged file equals the single run's byte for byte, whatever order
// the shards come in; and the texts of what cannot be merged.
#include "bnnc/support/error.h"
#include "bnnc/support/random.h"
#include "bnnc/sweep/merge.h"
#include "bnnc/sweep/points.h"
#include "unit/sweep/sweep_util.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <numeric>
#include <sstream>

namespace bnnc::sweep {
namespace {

// Writes the rows of shard i of n (in point order, as a shard run does) for a toy sweep.
std::string writeShard(const test::Scratch &dir, const test::ToyLayout &toy, int64_t i, int64_t n,
                       const std::string &ext) {
  std::vector<int64_t> points;
  for (int64_t p = i; p < toy.layout.points; p += n)
    points.push_back(p);
  std::string path = dir.path("shard-" + std::to_string(i) + ext);
  dir.write(path, ext == ".csv" ? toy.csv(points) : toy.jsonl(points));
  return path;
}

// For random sweep sizes, shard counts and file orders (seed printed): merge == single run.
TEST(SweepMerge, ShardsMergeIntoTheSingleRunsBytes) {
  const uint64_t seed = 4242;
  Rng rng(seed);
  for (int trial = 0; trial < 30; ++trial) {
    test::Scratch dir;
    int64_t points = int64_t(rng.next() % 40) + 1, n = int64_t(rng.next() % 8) + 1;
    test::ToyLayout toy(points, test::everyPoint);
    std::vector<int64_t> all(static_cast<size_t>(points));
    std::iota(all.begin(), all.end(), 0);
    for (const std::string ext : {".csv", ".jsonl"}) {
      std::vector<std::string> files;
      for (int64_t i = 0; i < n; ++i)
        files.push_back(writeShard(dir, toy, i, n, ext));
      for (size_t k = files.size(); k > 1; --k) // shuffle: the order of the files does not matter
        std::swap(files[k - 1], files[rng.next() % k]);
      std::ostringstream err;
      writeResults(mergeResults(files, err), dir.path("merged" + ext));
      EXPECT_EQ(dir.read(dir.path("merged" + ext)), ext == ".csv" ? toy.csv(all) : toy.jsonl(all))
          << "seed " << seed << ", trial " << trial << ", points " << points << ", shards " << n;
    }
  }
}

TEST(SweepMerge, DropsACutShortLineWithAWarning) {
  test::Scratch dir;
  test::ToyLayout toy(3, test::everyPoint);
  std::string a = dir.path("a.csv"), b = dir.path("b.csv");
  dir.write(a, toy.csv({0, 2}) + "1,3,0.");
  dir.write(b, toy.csv({1}));
  std::ostringstream err;
  ResultFile merged = mergeResults({a, b}, err);
  EXPECT_EQ(err.str(), a + ": line 4: warning: dropped a cut-short last line (an interrupted "
                           "write)\n");
  EXPECT_EQ(merged.rows.size(), 3u);
}

TEST(SweepMerge, Errors) {
  test::Scratch dir;
  test::ToyLayout toy(12, test::everyPoint);
  std::string a = dir.path("a.csv"), b = dir.path("b.csv"), j = dir.path("c.jsonl");
  std::ostringstream err;
  auto merge = [&](std::vector<std::string> files) {
    return test::errorOf([&] { mergeResults(files, err); });
  };
  dir.write(a, toy.csv({0, 1, 2}));
  dir.write(b, toy.csv({2, 3}));
  EXPECT_EQ(merge({a, b}), b + ": line 2: error: point 2 is also in " + a + ", line 4");
  dir.write(b, toy.csv({3, 4, 5, 6, 8, 9, 10, 11}));
  EXPECT_EQ(merge({a, b}), "--merge: error: 1 of 12 points are missing: 7 (did a shard fail or "
                           "not finish?)");
  dir.write(b, toy.csv({}));
  EXPECT_EQ(merge({a, b}), "--merge: error: 9 of 12 points are missing: 3, 4, 5, 6, 7, 8, 9, 10, "
                           "11 (did a shard fail or not finish?)");
  test::ToyLayout other(13, test::everyPoint);
  dir.write(b, other.csv({3}));
  EXPECT_EQ(merge({a, b}), b + ": line 2: error: the row belongs to a sweep of 13 points, the "
                               "first row merged to one of 12");
  dir.write(b, "point,points,tile_rows,accuracy\n3,12,64,0.5\n");
  EXPECT_EQ(merge({a, b}), b + ": line 2: error: the columns differ from those of " + a);
  dir.write(j, toy.jsonl({3}));
  EXPECT_EQ(merge({a, j}), "--merge: error: " + j + " and " + a +
                               " differ in format; merge CSV files or JSON lines files");
  dir.write(b, "point,points,ber,accuracy\n");
  EXPECT_EQ(merge({b}), "--merge: error: the files hold no result rows");
  EXPECT_EQ(merge({dir.path("x.txt")}),
            "--merge: error: " + dir.path("x.txt") + " must end in .csv or .jsonl (JSON lines)");
  dir.write(a, toy.csv({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(test::errorOf([&] { writeResults(mergeResults({a}, err), j); }),
            "-o: error: " + j + " is not in the format of " + a +
                "; merge into the same format (.csv or .jsonl)");
}

} // namespace
} // namespace bnnc::sweep
