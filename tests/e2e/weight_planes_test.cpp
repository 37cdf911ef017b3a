// The run report's weight planes: on a model of 2-bit weights, each plane's BER, and with
// --plane-impact each plane's errors run alone on every chip; the planes' static errors add up to
// the chip's; a binary model has none.
#include "e2e/cli_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

nlohmann::json runReport(TempDir &tmp, const std::string &model, std::vector<std::string> extra) {
  CliResult r = runBnnc({"compile", sourcePath(model), "-o", tmp.path("m.bnn")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> args = {
      "run",        tmp.path("m.bnn"),
      "--data",     sourcePath("samples/data/mnist_mlp-test-images-idx3-ubyte.gz"),
      "--data-div", "255",
      "--labels",   sourcePath("samples/data/mnist_mlp-test-labels-idx1-ubyte.gz"),
      "--json",     tmp.path("r.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  r = runBnnc(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("weight plane 1 of "), std::string::npos) << r.out;
  return nlohmann::json::parse(readText(tmp.path("r.json")));
}

TEST(WeightPlanes, EachPlanesErrorsAloneAddUpToTheChips) {
  TempDir tmp;
  nlohmann::json j = runReport(tmp, "tests/models/external/zoo_tfc_w2a2.onnx",
                               {"--ber", "0.02", "--chips", "2", "--seed", "3", "--plane-impact"});
  const nlohmann::json &planes = j["weight_planes"];
  ASSERT_EQ(planes.size(), 8u); // 4 layers x 2 planes
  double errors = 0, cells = 0;
  for (size_t i = 0; i < planes.size(); ++i) {
    const nlohmann::json &p = planes[i];
    EXPECT_EQ(p["plane"], int(i % 2)) << i;
    EXPECT_EQ(p["weight"], i % 2 ? 2 : 1) << i;
    errors += p["ber"].get<double>() * p["cells"].get<double>();
    cells += p["cells"].get<double>();
    if (p["cells"].get<int64_t>() > 10000) {
      EXPECT_NEAR(p["ber"].get<double>(), 0.02, 0.004) << i;
    }
    double a = p["accuracy"].get<double>();
    EXPECT_GE(a, 0.0);
    EXPECT_LE(a, 1.0);
  }
  // The zoo's TFC: 784x64, 64x64, 64x64, 64x10 weights, two planes each.
  EXPECT_EQ(cells, 2.0 * (784 * 64 + 64 * 64 + 64 * 64 + 64 * 10));
  double per_chip = 0;
  for (const nlohmann::json &e : j["static_errors_per_chip"])
    per_chip += e.get<double>() / double(j["static_errors_per_chip"].size());
  EXPECT_NEAR(errors, per_chip, 1e-6 * per_chip);
  // An error in the first layer's plane 1 weighs twice one in its plane 0 and costs more.
  EXPECT_LT(planes[1]["accuracy"].get<double>(), planes[0]["accuracy"].get<double>());
}

// Without --plane-impact the planes' BERs are there, the runs are not.
TEST(WeightPlanes, ImpactOnlyWhenAskedFor) {
  TempDir tmp;
  nlohmann::json j =
      runReport(tmp, "tests/models/external/zoo_tfc_w2a2.onnx", {"--ber", "0.02", "--seed", "3"});
  ASSERT_EQ(j["weight_planes"].size(), 8u);
  for (const nlohmann::json &p : j["weight_planes"]) {
    EXPECT_GT(p["ber"].get<double>(), 0.0);
    EXPECT_TRUE(p["accuracy"].is_null());
    EXPECT_TRUE(p["prediction_change_fraction"].is_null());
  }
}

TEST(WeightPlanes, BinaryModelsAndTheIdealChipHaveNone) {
  TempDir tmp;
  CliResult r = runBnnc(
      {"compile", sourcePath("tests/models/external/zoo_tfc_w1a1.onnx"), "-o", tmp.path("b.bnn")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runBnnc({"run", tmp.path("b.bnn"), "--data",
               sourcePath("samples/data/mnist_mlp-test-images-idx3-ubyte.gz"), "--data-div", "255",
               "--ber", "0.01", "--json", tmp.path("b.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("weight plane"), std::string::npos) << r.out;
  EXPECT_EQ(nlohmann::json::parse(readText(tmp.path("b.json")))["weight_planes"].size(), 0u);
}

} // namespace
} // namespace bnnc::test
