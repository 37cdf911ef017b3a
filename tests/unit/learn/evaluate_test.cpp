// The posterior predictive, its uncertainty and its calibration against hand-computed values.
#include "bnnc/learn/evaluate.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::learn {
namespace {

// Two models of one input with weights 1 and 3: p(1) = sigmoid(0) = 0.5 and sigmoid(ln 3) =
// 0.75, so the predictive is (0.5 + 3 x 0.75) / 4 = 0.6875. Its entropy is
// 0.6210863745552451 nats; the models' are ln 2 and 0.5623351446188083, whose weighted mean
// leaves a mutual information of 0.026048220951152556.
TEST(Evaluate, WeightedPredictiveEntropyAndMutualInformation) {
  image::Network net;
  net.inputs = 1;
  std::vector<std::vector<double>> thetas = {{0, 0}, {0, std::log(3.0)}};
  ThetaSource source = [&](int64_t, size_t k, std::vector<double> &theta) { theta = thetas[k]; };
  Samples one{1, 1, {0.0}, {1}};
  Predictive p = predict(net, {1, 3}, source, one, 1);
  EXPECT_NEAR(p.probs[1], 0.6875, 1e-15);
  EXPECT_NEAR(p.probs[0], 0.3125, 1e-15);
  EXPECT_NEAR(p.entropy[0], 0.6210863745552451, 1e-15);
  EXPECT_NEAR(p.mutual_information[0], 0.026048220951152556, 1e-15);
}

// Four samples whose confidences fall in four bins: 0.95 right, 0.85 wrong, 0.75 right, 0.65
// right. ECE = (|1 - 0.95| + |0 - 0.85| + |1 - 0.75| + |1 - 0.65|) / 4 = 1.5 / 4 = 0.375.
TEST(Evaluate, ExpectedCalibrationErrorByHand) {
  Predictive p;
  p.samples = 4;
  p.classes = 2;
  p.probs = {0.05, 0.95, 0.15, 0.85, 0.75, 0.25, 0.35, 0.65};
  p.entropy = {0.1985152433458726, 0.4, 0.5, 0.6};
  p.mutual_information.assign(4, 0);
  std::vector<int64_t> labels = {1, 0, 0, 1};
  Scores s = score(p, labels);
  EXPECT_EQ(s.predictions, (std::vector<int64_t>{1, 1, 0, 1}));
  EXPECT_EQ(s.correct, 3);
  EXPECT_DOUBLE_EQ(s.accuracy, 0.75);
  EXPECT_NEAR(s.ece, 0.375, 1e-15);
  EXPECT_NEAR(s.mean_entropy, (0.1985152433458726 + 1.5) / 4, 1e-15);
  // Referring round(0.1 x 4) = 0 samples keeps them all.
  EXPECT_DOUBLE_EQ(s.referred_accuracy, 0.75);
}

// Referral drops the most uncertain tenth: of 10 samples the one of highest entropy (the only
// wrong one here) goes to a person, and the rest are all right.
TEST(Evaluate, ReferralDropsTheMostUncertain) {
  Predictive p;
  p.samples = 10;
  p.classes = 2;
  std::vector<int64_t> labels;
  for (int i = 0; i < 10; ++i) {
    p.probs.insert(p.probs.end(), {0.1, 0.9});
    p.entropy.push_back(i == 4 ? 0.69 : 0.3);
    labels.push_back(i == 4 ? 0 : 1);
  }
  p.mutual_information.assign(10, 0);
  Scores s = score(p, labels);
  EXPECT_DOUBLE_EQ(s.accuracy, 0.9);
  EXPECT_DOUBLE_EQ(s.referred_accuracy, 1.0);
}

TEST(Evaluate, WithoutLabelsOnlyPredictions) {
  Predictive p;
  p.samples = 1;
  p.classes = 3;
  p.probs = {0.2, 0.5, 0.3};
  p.entropy = {1.0};
  p.mutual_information = {0.1};
  Scores s = score(p, {});
  EXPECT_EQ(s.predictions, (std::vector<int64_t>{1}));
  EXPECT_DOUBLE_EQ(s.mean_entropy, 1.0);
  EXPECT_EQ(s.correct, 0);
}

} // namespace
} // namespace bnnc::learn
