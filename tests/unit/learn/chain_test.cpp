// The acceptance rule by hand, and the chain in a small array: it learns a separable task, keeps
// its models in distinct groups with the steps they were the state, stops when the array is
// full, and is the same for any thread count.
#include "bnnc/learn/chain.h"
#include "bnnc/learn/set_law.h"

#include <cmath>
#include <gtest/gtest.h>
#include <set>

namespace bnnc::learn {
namespace {

// Accept when log u < log p(proposal) - log p(current).
TEST(Chain, MetropolisAcceptanceByHand) {
  // a better proposal is always accepted: log 1 = 0 < 2
  EXPECT_TRUE(metropolisAccept(-10, -12, 1.0));
  // a worse one by 2 nats with probability e^-2 = 0.1353: u = 0.1 (log -2.303) accepts,
  // u = 0.2 (log -1.609) does not
  EXPECT_TRUE(metropolisAccept(-12, -10, 0.1));
  EXPECT_FALSE(metropolisAccept(-12, -10, 0.2));
  // equal posteriors: accepted unless u = 1 (log 0 < 0 is false)
  EXPECT_TRUE(metropolisAccept(-5, -5, 0.999));
  EXPECT_FALSE(metropolisAccept(-5, -5, 1.0));
}

TEST(Chain, ParametersAreScaledDifferencesOfPairs) {
  image::Network net;
  net.inputs = 1;
  net.theta_per_us = 0.01;
  // theta = 0.01 x (300 - 100), 0.01 x (50 - 250)
  std::vector<double> theta = parametersOf(net, {300, 100, 50, 250});
  EXPECT_NEAR(theta[0], 2.0, 1e-12);
  EXPECT_NEAR(theta[1], -2.0, 1e-12);
}

// A separable task: the label is 1 when x0 + x1 > 0.
Samples separable(int n, uint64_t seed) {
  Rng rng(streamKey(seed, {}));
  Samples s;
  s.count = n;
  s.features = 2;
  for (int i = 0; i < n; ++i) {
    double a = rng.normal(), b = rng.normal();
    s.x.insert(s.x.end(), {a, b});
    s.labels.push_back(a + b > 0);
  }
  return s;
}

struct Bench {
  device::DeviceModel model = device::loadDeviceModel("typical");
  SetLaw law{model, {}, image::conditionByName("typical"), {1.0, 0.5, 20, 200}};
  image::Network net;
  Bench() {
    net.inputs = 2;
    net.theta_per_us = 4.0 / (law.nominalUs(200) - law.nominalUs(20));
  }
};

ChainResult learnOnce(const Bench &s, int threads, int64_t rows) {
  image::ArrayGeometry geometry{rows, 8, 1}; // 6 devices per model, one row each
  LearningArray array(s.law, geometry, 6, 3);
  ChainSettings settings;
  settings.steps = 3000;
  settings.burn_in = 500;
  settings.seed = 3;
  settings.threads = threads;
  return runChain(s.net, separable(200, 5), array, settings);
}

TEST(Chain, LearnsASeparableTaskAndKeepsItsModels) {
  Bench s;
  ChainResult r = learnOnce(s, 1, 64);
  ASSERT_FALSE(r.models.empty());
  // the models are in distinct, increasing groups; their weights add up to the steps after
  // burn-in
  uint64_t weights = 0;
  for (size_t k = 0; k < r.models.size(); ++k) {
    if (k > 0) {
      EXPECT_LT(r.models[k - 1].group, r.models[k].group);
    }
    weights += r.models[k].weight;
  }
  EXPECT_EQ(int64_t(weights), r.stats.steps - 500);
  // every kept model classifies the task well: its weights point along (1, 1)
  for (const image::StoredModel &m : r.models) {
    std::vector<double> theta = parametersOf(s.net, m.conductance_us);
    EXPECT_GT(theta[0], 0.3) << "seed 3";
    EXPECT_GT(theta[1], 0.3) << "seed 3";
  }
  EXPECT_GT(r.stats.accepted, 0);
  EXPECT_EQ(r.events.set_pulses, r.events.reset_pulses);
  // the fault test programs each device twice (and again after a rare miss), then one
  // programming per step plus the start
  int64_t planned = 6 * (2 * 64 + 1 + r.stats.steps);
  EXPECT_GE(r.events.set_pulses, planned);
  EXPECT_LT(r.events.set_pulses, planned + 6 * 64 / 10);
}

TEST(Chain, StopsWhenTheArrayIsFull) {
  Bench s;
  ChainResult r = learnOnce(s, 1, 4);
  EXPECT_EQ(r.stats.stop, "array full");
  EXPECT_EQ(r.models.size(), 4u);
}

TEST(Chain, SameModelsForAnyThreadCount) {
  Bench s;
  ChainResult one = learnOnce(s, 1, 16), three = learnOnce(s, 3, 16);
  EXPECT_EQ(one.models, three.models) << "seed 3";
  EXPECT_EQ(one.stats.steps, three.stats.steps);
}

} // namespace
} // namespace bnnc::learn
