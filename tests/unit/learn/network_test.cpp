// The likelihood the periphery computes, against values worked out by hand: a logistic model, a
// softmax over three classes, a tanh hidden layer; the prior; the cost counts; and the
// likelihood's independence of the thread count.
#include "bnnc/learn/network.h"
#include "bnnc/support/random.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::learn {
namespace {

image::Network logistic(int64_t inputs, int64_t classes) {
  image::Network n;
  n.inputs = inputs;
  n.classes = classes;
  return n;
}

// z = w . x + b; log p(1) = -log(1 + e^-z), log p(0) = -log(1 + e^z).
TEST(Network, LogisticLikelihoodByHand) {
  image::Network net = logistic(2, 2);
  std::vector<double> theta = {1, -2, 0.5}; // w1, w2, b
  Samples data{2, 2, {1, 0.5, 0, 0}, {1, 0}};
  Scratch s;
  // sample 0: z = 1 - 1 + 0.5 = 0.5, label 1: -log(1 + e^-0.5) = -0.4740769841801067
  EXPECT_NEAR(logLikelihoodOne(net, theta.data(), data.row(0), 1, s), -0.4740769841801067, 1e-15);
  // sample 1: z = 0.5, label 0: -log(1 + e^0.5) = -0.9740769841801067
  EXPECT_NEAR(logLikelihoodOne(net, theta.data(), data.row(1), 0, s), -0.9740769841801067, 1e-15);
  EXPECT_NEAR(logLikelihood(net, theta, data, 1), -1.4481539683602134, 1e-14);
  double probs[2];
  classProbabilities(net, theta.data(), data.row(0), s, probs);
  EXPECT_NEAR(probs[1], std::exp(-0.4740769841801067), 1e-15);
  EXPECT_NEAR(probs[0] + probs[1], 1.0, 1e-15);
}

// Three classes, weights (1, 0, -1) on one input 2: z = (2, 0, -2),
// log p(0) = 2 - log(e^2 + 1 + e^-2) = -0.1429316284998996.
TEST(Network, SoftmaxLikelihoodByHand) {
  image::Network net = logistic(1, 3);
  ASSERT_EQ(net.outputs(), 3);
  ASSERT_EQ(net.parameters(), 6);
  std::vector<double> theta = {1, 0, -1, 0, 0, 0};
  double x = 2;
  Scratch s;
  EXPECT_NEAR(logLikelihoodOne(net, theta.data(), &x, 0, s), -0.1429316284998996, 1e-15);
  EXPECT_NEAR(logLikelihoodOne(net, theta.data(), &x, 2, s), -4.1429316284998996, 1e-14);
  double probs[3];
  classProbabilities(net, theta.data(), &x, s, probs);
  EXPECT_NEAR(probs[0], std::exp(-0.1429316284998996), 1e-15);
  EXPECT_NEAR(probs[0] + probs[1] + probs[2], 1.0, 1e-15);
}

// One tanh unit: h = tanh(1 x 0.5 + 0) = 0.46211715726000974, z = 2 h + 0.25 =
// 1.1742343145200196, log p(1) = -log(1 + e^-z) = -0.269305906536921.
TEST(Network, HiddenLayerLikelihoodByHand) {
  image::Network net = logistic(1, 2);
  net.kind = image::NetworkKind::Mlp;
  net.activation = image::Activation::Tanh;
  net.hidden = 1;
  ASSERT_EQ(net.parameters(), 4); // W1, b1, W2, b2
  std::vector<double> theta = {1, 0, 2, 0.25};
  double x = 0.5;
  Scratch s;
  EXPECT_NEAR(logLikelihoodOne(net, theta.data(), &x, 1, s), -0.269305906536921, 1e-15);
  net.activation = image::Activation::Relu; // relu(0.5) = 0.5, z = 1.25
  EXPECT_NEAR(logLikelihoodOne(net, theta.data(), &x, 0, s), -std::log1p(std::exp(1.25)), 1e-15);
}

// Far in the tails the log-likelihood stays finite (no log of 0).
TEST(Network, ExtremeLogitsStayFinite) {
  image::Network net = logistic(1, 2);
  std::vector<double> theta = {1000, 0};
  double x = 1;
  Scratch s;
  EXPECT_DOUBLE_EQ(logLikelihoodOne(net, theta.data(), &x, 0, s), -1000);
  EXPECT_DOUBLE_EQ(logLikelihoodOne(net, theta.data(), &x, 1, s), 0);
}

TEST(Network, PriorByHand) {
  // -(1 + 4) / (2 x 2^2) = -0.625
  EXPECT_DOUBLE_EQ(logPrior({1, 2}, 2), -0.625);
}

TEST(Network, CostCounts) {
  image::Network lr = logistic(30, 2);
  EXPECT_EQ(forwardCost(lr).macs, 31); // 30 weights and a bias
  EXPECT_EQ(forwardCost(lr).luts, 1);  // one log-sigmoid
  image::Network mlp = logistic(13, 3);
  mlp.kind = image::NetworkKind::Mlp;
  mlp.activation = image::Activation::Tanh;
  mlp.hidden = 8;
  EXPECT_EQ(forwardCost(mlp).macs, 8 * 14 + 3 * 9);
  EXPECT_EQ(forwardCost(mlp).luts, 8 + 3 + 1); // tanh x 8, exp x 3, one log
}

// Blocks of samples are summed in a fixed order: any thread count gives the same bits.
TEST(Network, LikelihoodDoesNotDependOnThreads) {
  image::Network net = logistic(5, 2);
  Rng rng(streamKey(7, {}));
  Samples data;
  data.count = 1000;
  data.features = 5;
  for (int i = 0; i < 5000; ++i)
    data.x.push_back(rng.normal());
  for (int i = 0; i < 1000; ++i)
    data.labels.push_back(int64_t(rng.next() % 2));
  std::vector<double> theta = {0.3, -1.2, 0.7, 2.0, -0.4, 0.1};
  double one = logLikelihood(net, theta, data, 1);
  EXPECT_EQ(one, logLikelihood(net, theta, data, 3)) << "seed 7";
  EXPECT_EQ(one, logLikelihood(net, theta, data, 16)) << "seed 7";
}

} // namespace
} // namespace bnnc::learn
