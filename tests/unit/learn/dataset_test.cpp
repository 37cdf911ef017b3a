// The train/test split and the standardisation of labelled data (the loaders' errors are tested
// through the command line, tests/e2e/learn_errors_test.cpp).
#include "bnnc/learn/dataset.h"

#include <cmath>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace bnnc::learn {
namespace {

// Sample i has features (i, 10 i) and label i % 2.
Labelled numbered(int64_t n) {
  Labelled d;
  d.count = n;
  d.features = 2;
  for (int64_t i = 0; i < n; ++i) {
    d.x.push_back(double(i));
    d.x.push_back(10.0 * double(i));
    d.labels.push_back(i % 2);
  }
  return d;
}

TEST(Dataset, SplitIsSeededDisjointAndInFileOrder) {
  Labelled all = numbered(100);
  Split a = splitLabelled(all, 0.2, 1), b = splitLabelled(all, 0.2, 1);
  EXPECT_EQ(a.test.count, 20);
  EXPECT_EQ(a.train.count, 80);
  EXPECT_EQ(a.test.x, b.test.x); // the same seed, the same split
  EXPECT_NE(splitLabelled(all, 0.2, 2).test.x, a.test.x);
  std::set<double> seen;
  for (const Labelled *part : {&a.train, &a.test})
    for (int64_t i = 0; i < part->count; ++i) {
      double id = part->x[size_t(2 * i)];
      EXPECT_TRUE(seen.insert(id).second) << id;
      EXPECT_EQ(part->labels[size_t(i)], int64_t(id) % 2); // labels travel with their sample
      if (i > 0) {
        EXPECT_LT(part->x[size_t(2 * (i - 1))], id); // file order kept
      }
    }
  EXPECT_EQ(seen.size(), 100u);
}

// Features (0, 0), (1, 10), (2, 20), (3, 30): means 1.5 and 15, standard deviations sqrt(1.25)
// and 10 sqrt(1.25); a constant feature keeps the scale 1.
TEST(Dataset, StandardisationByHand) {
  Labelled d = numbered(4);
  image::Network net;
  fitStandardisation(d, net);
  EXPECT_DOUBLE_EQ(net.feature_mean[0], 1.5);
  EXPECT_DOUBLE_EQ(net.feature_mean[1], 15);
  EXPECT_NEAR(net.feature_scale[0], std::sqrt(1.25), 1e-15);
  EXPECT_NEAR(net.feature_scale[1], 10 * std::sqrt(1.25), 1e-13);
  Samples z = standardise(d, net);
  EXPECT_NEAR(z.x[0], -1.5 / std::sqrt(1.25), 1e-15);
  Labelled flat = d;
  for (size_t i = 0; i < flat.x.size(); i += 2)
    flat.x[i] = 7;
  fitStandardisation(flat, net);
  EXPECT_DOUBLE_EQ(net.feature_scale[0], 1);
}

TEST(Dataset, CsvHasAHeaderAndTheLabelLast) {
  Labelled d = numbered(2);
  d.x[3] = 0.1; // written as the shortest text that reads back as the float32 0.1
  std::ostringstream out;
  writeCsv(out, d);
  EXPECT_EQ(out.str(), "x0,x1,label\n0,0,0\n1,0.1,1\n");
}

} // namespace
} // namespace bnnc::learn
