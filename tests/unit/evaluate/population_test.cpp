// The checks of a population's options and of the samples' divisor: the field and the message,
// which bnnc run prints after its flag and Python after its keyword.
#include "bnnc/evaluate/evaluate.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc::evaluate {
namespace {

std::string problemOf(const Population &p) {
  std::optional<OptionProblem> problem = checkPopulation(p);
  return problem ? problem->field + ": " + problem->message : "";
}

TEST(Population, ChecksInOrder) {
  Population p;
  EXPECT_EQ(problemOf(p), "");
  p.environment.temperature_k = 0;
  EXPECT_EQ(problemOf(p), "temperature_k: must be a number in (0, 2000], got 0");
  p.ber = 1.5;
  EXPECT_EQ(problemOf(p), "ber: must be a number in [0, 1], got 1.5");
  p.chips = 0;
  EXPECT_EQ(problemOf(p), "chips: must be at least 1, got 0");
  p.threads = 0;
  EXPECT_EQ(problemOf(p), "threads: must be at least 1, got 0");
}

TEST(Population, DivisorAndThreads) {
  EXPECT_FALSE(checkDivisor(255));
  for (double bad : {0.0, -1.0, 1.0 / 0.0})
    EXPECT_EQ(checkDivisor(bad)->message, "must be a positive number") << bad;
  EXPECT_EQ(checkDivisor(0)->field, "data_divisor");
  EXPECT_FALSE(checkThreads(1));
  EXPECT_EQ(checkThreads(-2)->message, "must be at least 1, got -2");
}

TEST(Population, LabelsAgainstSamplesAndClasses) {
  auto error = [](const std::vector<int64_t> &labels, int64_t samples) {
    try {
      checkLabels(labels, samples, 3, "y.npy", "x.npy");
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error({0, 1, 2}, 3), "");
  EXPECT_EQ(error({0, 1, 2}, 2), "y.npy: error: 3 labels for 2 samples in x.npy");
  EXPECT_EQ(error({0, 3}, 2), "y.npy: error: label 1 is 3, outside the model's 3 classes");
}

} // namespace
} // namespace bnnc::evaluate
