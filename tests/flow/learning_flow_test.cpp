// The learning part of the sample flow (samples/flow/learning.mk): one seed learned, its
// posterior run on chips, an age point that cannot learn recorded instead of stopping make, and
// a second make that has nothing to do. These targets need bnnc, make and python3 (which
// records a point that cannot learn).
#include "flow/make_util.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

nlohmann::json readJson(const std::string &path) {
  std::string text = readText(path);
  EXPECT_FALSE(text.empty()) << "cannot read " << path;
  return text.empty() ? nlohmann::json() : nlohmann::json::parse(text);
}

TEST(LearningFlow, LearnsRunsAndRecordsWhatCannotLearn) {
  TempDir tmp;
  std::vector<std::string> args = {"-j2",
                                   "OUT=" + tmp.path("out"),
                                   "LEARN_SEEDS=1",
                                   "LEARN_CHIPS=2",
                                   "LEARN_CYCLES=1e6 1e18",
                                   "LEARN_STUCK=",
                                   "LEARN_SWEEP_SEEDS=1",
                                   "learn-runs"};
  CliResult r = runFlow(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json learned = readJson(tmp.path("out/learn/bc-s1.json"));
  EXPECT_EQ(learned["seed"], 1);
  EXPECT_EQ(learned["split"]["seed"], 1);
  nlohmann::json run = readJson(tmp.path("out/learn/bc-s1.run.json"));
  EXPECT_EQ(run["chips"], 2);
  EXPECT_EQ(run["engine"], "virtual-array");
  EXPECT_FALSE(readJson(tmp.path("out/learn/bc-cpu-s1.json"))["cpu_reference"].is_null());
  EXPECT_EQ(readJson(tmp.path("out/learn/wine-s1.json"))["model"]["kind"], "mlp");
  EXPECT_EQ(readJson(tmp.path("out/learn/age/c1e6-s1.json"))["cycles"], 1e6);
  // at 1e18 cycles the window is closed: bnnc's message is the point's report
  nlohmann::json closed = readJson(tmp.path("out/learn/age/c1e18-s1.json"));
  EXPECT_NE(closed["error"].get<std::string>().find("passed the fault test"), std::string::npos)
      << closed;
  std::vector<std::string> query = args;
  query.insert(query.begin(), "-q");
  EXPECT_EQ(runFlow(query).exit_code, 0) << "a second make would learn again";
}

} // namespace
} // namespace bnnc::test
