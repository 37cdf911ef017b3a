// Published binarized models as their exporters wrote them (tests/models/external: the QONNX
// model zoo, FINN, FINN notebooks, a user's QONNX SFC) and generated members of the same families,
// end to end through the CLI: `bnnc compile` with no option, then the ideal chip must give
// exactly the reference's class on every sample and its scores to float32 rounding. The reference
// outputs come from the independent numpy evaluator (make_expected.py), never from bnnc.
#include "e2e/cli_util.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

const std::string kDir = "tests/models/external/";

nlohmann::json manifest() {
  std::ifstream in(sourcePath(kDir + "manifest.json"));
  if (!in)
    throw std::runtime_error("tests/models/external/manifest.json is missing");
  return nlohmann::json::parse(in)["models"];
}

std::vector<std::string> caseNames() {
  std::vector<std::string> names;
  for (const nlohmann::json &m : manifest())
    names.push_back(m["name"]);
  return names;
}

nlohmann::json entry(const std::string &name) {
  for (const nlohmann::json &m : manifest())
    if (m["name"] == name)
      return m;
  throw std::runtime_error("no manifest entry " + name);
}

// The predicted class of each row: the value itself for a one-column index output (TopK,
// ArgMax), else the first maximum.
std::vector<int64_t> predictions(const Outputs &o) {
  std::vector<int64_t> p;
  for (int64_t r = 0; r < o.rows; ++r) {
    const float *row = &o.values[size_t(r * o.cols)];
    p.push_back(o.cols == 1 ? int64_t(row[0]) : int64_t(std::max_element(row, row + o.cols) - row));
  }
  return p;
}

TEST(ExternalModels, ManifestListsTheCommittedModels) {
  // 11 published files and 7 generated ones; a lost manifest or entry fails here.
  EXPECT_EQ(manifest().size(), 18u);
  EXPECT_EQ(caseNames().size(), 18u);
}

class External : public ::testing::TestWithParam<std::string> {};

TEST_P(External, CompilesAsPublishedAndMatchesTheReferenceExactly) {
  nlohmann::json m = entry(GetParam());
  TempDir tmp;
  std::string model = sourcePath(kDir + m["model"].get<std::string>());
  CliResult r = runBnnc({"compile", model, "-o", tmp.path("m.bnn")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ostringstream div;
  div << m["data_div"].get<double>();
  std::vector<std::string> run = {"run",     tmp.path("m.bnn"),     "--ideal",
                                  "--data",  sourcePath(m["data"]), "--data-div",
                                  div.str(), "--outputs",           tmp.path("chip.npy"),
                                  "--json",  tmp.path("r.json")};
  if (m.contains("labels"))
    run.insert(run.end(), {"--labels", sourcePath(m["labels"])});
  r = runBnnc(run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Outputs chip = loadOutputs(tmp.path("chip.npy"));
  Outputs ref = loadOutputs(sourcePath(kDir + m["expected"].get<std::string>()));
  std::ifstream report_file(tmp.path("r.json"));
  nlohmann::json report = nlohmann::json::parse(report_file);
  ASSERT_EQ(chip.rows, report["samples"].get<int64_t>());
  ASSERT_EQ(chip.rows, ref.rows);
  ASSERT_EQ(chip.cols, ref.cols);
  ASSERT_GE(chip.rows, 64);
  EXPECT_EQ(predictions(chip), predictions(ref));
  // float32 against the reference's float64: the scores agree to a few float32 ulps.
  EXPECT_LE(compareOutputs(chip, ref).max_relative_error, 2e-6);
  if (m.contains("reference_accuracy")) {
    EXPECT_DOUBLE_EQ(report["accuracy"].get<double>(), m["reference_accuracy"].get<double>());
  }
}

INSTANTIATE_TEST_SUITE_P(Published, External, ::testing::ValuesIn(caseNames()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           return info.param;
                         });

// The zoo's TFC_2W2A has 2-bit weights and activations: its image holds the multi-bit fields
// (LAYQ), and each layer's weight planes take tile rows of their own.
TEST(ExternalModels, TwoBitWeightsAndActivationsMapAsPlanes) {
  TempDir tmp;
  std::string model = sourcePath(kDir + "zoo_tfc_w2a2.onnx");
  CliResult r = runBnnc({"compile", model, "-o", tmp.path("m.bnn")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runBnnc({"inspect", tmp.path("m.bnn"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["layers"].size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const nlohmann::json &l = j["layers"][i];
    EXPECT_EQ(l["weight_bits"], 2) << i;
    EXPECT_EQ(l["output_bits"], i < 3 ? 2 : 1) << i;
    EXPECT_EQ(l["input_planes"], 2) << i; // the 2-bit input, then the 2-bit activations
  }
}

// Mixed precision: each layer keeps its own weight and activation bits. The first convolution's
// 8-bit Quant uses 2^5 levels of its grid (the weights span 32 consecutive integers at most per
// channel), so 5 planes hold it exactly; the binary middle stays one plane of one bit.
TEST(ExternalModels, MixedPrecisionKeepsEachLayersBits) {
  TempDir tmp;
  std::string model = sourcePath(kDir + "gen_mixed_precision.onnx");
  CliResult r = runBnnc({"compile", model, "-o", tmp.path("m.bnn")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runBnnc({"inspect", tmp.path("m.bnn"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["layers"].size(), 4u);
  const int weight_bits[] = {5, 1, 1, 4}, output_bits[] = {4, 1, 1, 1}, planes[] = {8, 4, 1, 1};
  for (size_t i = 0; i < 4; ++i) {
    const nlohmann::json &l = j["layers"][i];
    EXPECT_EQ(l["weight_bits"], weight_bits[i]) << i;
    EXPECT_EQ(l["output_bits"], output_bits[i]) << i;
    EXPECT_EQ(l["input_planes"], planes[i]) << i;
  }
}

} // namespace
} // namespace bnnc::test
