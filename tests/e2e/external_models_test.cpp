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

// The models that compile (the others are refused by name, see TwoBitActivationsAreNamed).
std::vector<std::string> caseNames() {
  std::vector<std::string> names;
  for (const nlohmann::json &m : manifest())
    if (!m.contains("refused"))
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
  // 10 published files (one refused) and 3 generated ones; a lost manifest or entry fails here.
  EXPECT_EQ(manifest().size(), 13u);
  EXPECT_EQ(caseNames().size(), 12u);
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
  // float32 against the reference's float64: measured at most 1.31e-7 of the row's scale
  // (qonnx_sfc_w1a1), about one float32 rounding (2^-23); the bound is three.
  EXPECT_LE(compareOutputs(chip, ref).max_relative_error, 3 * 0x1p-23);
  if (m.contains("reference_accuracy")) {
    EXPECT_DOUBLE_EQ(report["accuracy"].get<double>(), m["reference_accuracy"].get<double>());
  }
}

INSTANTIATE_TEST_SUITE_P(Published, External, ::testing::ValuesIn(caseNames()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           return info.param;
                         });

// The zoo's TFC_1W2A is not binary: one compile names every layer with 2-bit activations (its
// 2-bit input is an input quantizer, which compiles), and nothing is written.
TEST(ExternalModels, TwoBitActivationsAreNamed) {
  TempDir tmp;
  std::string model = sourcePath(kDir + "zoo_tfc_w1a2.onnx");
  CliResult r = runBnnc({"compile", model, "-o", tmp.path("m.bnn")});
  EXPECT_EQ(r.exit_code, 1);
  std::string text;
  for (auto [quant, index, layer] :
       {std::tuple{"Quant_23", 12, "MatMul_18"}, std::tuple{"Quant_33", 17, "MatMul_28"},
        std::tuple{"Quant_43", 22, "MatMul_38"}})
    text += model + ": node '" + quant + "' (onnx.brevitas::Quant, #" + std::to_string(index) +
            "): error: layer '" + layer +
            "' (MatMul): 2-bit activations (3 levels); bnnc compiles 1-bit activations between "
            "layers (only the model's input may have more bits, read bit-serially)\n";
  EXPECT_EQ(r.err, text);
  EXPECT_FALSE(std::ifstream(tmp.path("m.bnn")).good());
}

} // namespace
} // namespace bnnc::test
