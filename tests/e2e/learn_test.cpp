// bnnc learn end to end: the breast-cancer sample learned in a virtual array and the posterior
// evaluated by bnnc run (as stored, and transferred to chips); every output the same for any
// thread count; the one-hidden-layer model on the wine sample; bnnc inspect on a posterior.
#include "e2e/cli_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

std::string breastCancer() { return sourcePath("samples/data/breast_cancer.csv"); }

nlohmann::json load(const std::string &path) { return nlohmann::json::parse(readText(path)); }

// A short chain (4000 steps) that still fills a good part of the array.
std::vector<std::string> learnArgs(const TempDir &tmp, const std::string &tag, int threads) {
  return {"learn",        breastCancer(),
          "-o",           tmp.path(tag + ".bnn"),
          "--json",       tmp.path(tag + ".json"),
          "--write-test", tmp.path(tag + "-test.csv"),
          "--steps",      "4000",
          "--burn-in",    "1000",
          "--seed",       "2",
          "--split-seed", "2",
          "--threads",    std::to_string(threads)};
}

TEST(Learn, BreastCancerPosteriorEvaluatedAsStoredAndOnChips) {
  TempDir tmp;
  CliResult r = runBnnc(learnArgs(tmp, "a", 1));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = load(tmp.path("a.json"));
  EXPECT_EQ(j["training_samples"], 455);
  EXPECT_EQ(j["test_samples"], 114);
  EXPECT_EQ(j["model"]["parameters"], 31);
  EXPECT_GE(j["test"]["accuracy"].get<double>(), 0.93) << r.out;
  int64_t models = j["chain"]["models_kept"];
  EXPECT_GT(models, 10) << r.out;
  double energy = j["learning_energy_pj"];
  EXPECT_GT(energy, 0);
  EXPECT_DOUBLE_EQ(j["learning_energy_per_model_pj"].get<double>(), energy / double(models));
  EXPECT_EQ(j["events"]["set_pulses"], j["events"]["reset_pulses"]);
  EXPECT_EQ(j["cpu_reference"], nullptr);
  // The held-out set written by learn, run on the posterior as stored: the same predictions.
  std::string test = tmp.path("a-test.csv");
  r = runBnnc({"run", tmp.path("a.bnn"), "--data", test, "--ideal", "--json", tmp.path("i.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json ideal = load(tmp.path("i.json"));
  EXPECT_EQ(ideal["engine"], "ideal-posterior");
  EXPECT_EQ(ideal["predictions"], j["test"]["predictions"]);
  EXPECT_DOUBLE_EQ(ideal["accuracy"].get<double>(), j["test"]["accuracy"].get<double>());
  EXPECT_DOUBLE_EQ(ideal["ece"].get<double>(), j["test"]["ece"].get<double>());
  // Transferred to two chips: re-programmed with the devices' spread, read with noise.
  r = runBnnc({"run", tmp.path("a.bnn"), "--data", test, "--chips", "2", "--json",
               tmp.path("c.json"), "--outputs", tmp.path("p.npy")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json chips = load(tmp.path("c.json"));
  EXPECT_EQ(chips["engine"], "virtual-array");
  EXPECT_EQ(chips["accuracy_per_chip"].size(), 2u);
  EXPECT_NEAR(chips["accuracy"].get<double>(), ideal["accuracy"].get<double>(), 0.05);
  EXPECT_EQ(chips["programming_pulses"], 4 * 31 * models);
  EXPECT_EQ(chips["predictive_entropy"].size(), 114u);
  Outputs probs = loadOutputs(tmp.path("p.npy"));
  EXPECT_EQ(probs.rows, 114);
  EXPECT_EQ(probs.cols, 2);
}

// Threads split the likelihood's blocks and the samples of an evaluation, never a random
// stream: the image, the reports and the summaries are identical.
TEST(Learn, SameOutputsForAnyThreadCount) {
  TempDir tmp;
  CliResult one = runBnnc(learnArgs(tmp, "one", 1)), two = runBnnc(learnArgs(tmp, "two", 3));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(readText(tmp.path("one.bnn")), readText(tmp.path("two.bnn")));
  nlohmann::json a = load(tmp.path("one.json")), b = load(tmp.path("two.json"));
  a.erase("posterior"), b.erase("posterior");
  EXPECT_EQ(a, b);
  for (int threads : {1, 3}) {
    std::string t = std::to_string(threads);
    CliResult r = runBnnc({"run", tmp.path("one.bnn"), "--data", tmp.path("one-test.csv"),
                           "--chips", "2", "--cycles", "1e12", "--retention-time", "1e6",
                           "--threads", t, "--json", tmp.path("run" + t + ".json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(load(tmp.path("run1.json")), load(tmp.path("run3.json")));
}

TEST(Learn, HiddenLayerOnWineAndInspect) {
  TempDir tmp;
  std::string post = tmp.path("wine.bnn");
  CliResult r = runBnnc({"learn", sourcePath("samples/data/wine.csv"), "--model", "mlp", "-o", post,
                         "--json", tmp.path("w.json"), "--steps", "4000", "--burn-in", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = load(tmp.path("w.json"));
  EXPECT_EQ(j["classes"], 3);
  EXPECT_EQ(j["model"]["parameters"], 8 * 14 + 3 * 9);
  EXPECT_EQ(j["array"]["rows_per_model"], 3);
  EXPECT_GE(j["test"]["accuracy"].get<double>(), 0.8) << r.out;
  r = runBnnc({"inspect", post});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("chip image version 1.2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("139 parameters, 13 inputs, 3 classes) in a 128x128 array, learned on "
                       "device 'typical', condition typical"),
            std::string::npos)
      << r.out;
}

TEST(Learn, HelpListsTheOptions) {
  CliResult r = runBnnc({"learn", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char *flag : {"--model", "--device", "--cycles", "--array", "--steps", "--burn-in",
                           "--samples", "--seed", "--threads", "--cpu-reference"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
}

} // namespace
} // namespace bnnc::test
