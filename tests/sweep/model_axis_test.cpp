// bnnc sweep with the model as an axis (--model A,B): one column per point naming its model, an
// image's point equal to bnnc run on that image, and the usage errors of the flag.
#include "e2e/cli_util.h"
#include "sweep/sweep_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

using json = nlohmann::json;

const std::string kModel = sourcePath("samples/models/mnist_mlp.onnx");
const std::string kData = sourcePath("samples/data/mnist_mlp-test-x.npy");
const std::string kLabels = sourcePath("samples/data/mnist_mlp-test-y.npy");

TEST(SweepModelAxis, ModelsAreAnAxis) {
  TempDir tmp;
  std::string image = tmp.path("le.bnn");
  ASSERT_EQ(runBnnc({"compile", kModel, "--condition", "low-energy", "-o", image}).exit_code, 0);
  CliResult s = runBnnc({"sweep", "--model", kModel + "," + image, "--data", kData, "--labels",
                         kLabels, "--ber", "0.001,0.01", "--chips", "2", "-o", tmp.path("s.jsonl"),
                         "-o", tmp.path("s.csv")});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  std::vector<std::string> rows = lines(readText(tmp.path("s.jsonl")));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(lines(readText(tmp.path("s.csv")))[0].rfind("point,points,model,ber,accuracy,", 0), 0u);
  json last = json::parse(rows[3]);
  EXPECT_EQ(last["model"], image);
  EXPECT_EQ(last["ber"], 0.01);
  CliResult r = runBnnc({"run", image, "--data", kData, "--labels", kLabels, "--ber", "0.01",
                         "--chips", "2", "--json", tmp.path("r.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json run = json::parse(readText(tmp.path("r.json")));
  EXPECT_EQ(last["accuracy"], run["accuracy"]);
  EXPECT_EQ(last["programming_energy_nj"], run["programming_energy_nj"]); // low-energy's
  EXPECT_NE(json::parse(rows[1])["programming_energy_nj"], run["programming_energy_nj"]);
}

TEST(SweepModelAxis, UsageErrors) {
  CliResult r = runBnnc({"sweep", kModel, "--model", kModel, "--data", kData, "-o", "x.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "--model: error: cannot be combined with a MODEL argument: it sweeps the "
                   "model\n");
  r = runBnnc({"sweep", "--merge", "a.csv", "--model", kModel});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "--model: error: does not apply to --merge\n");
  TempDir tmp;
  writeText(tmp.path("s.json"), R"({"grid": [{"ber": [0.1]}]})");
  r = runBnnc({"sweep", "--sweep", tmp.path("s.json"), "--data", kData, "-o", tmp.path("o.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sweep: error: give a model to run, or --merge FILES to join results\n");
}

} // namespace
} // namespace bnnc::test
