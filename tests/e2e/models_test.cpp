// End to end through the CLI, on every committed model: the sample models trained and exported
// with PyTorch (samples/models) and the exporter-pattern zoo (tests/models). For each:
//   bnnc compile -> bnnc run IMAGE (ideal chip) and bnnc run MODEL.onnx (reference interpreter)
// and the chip must give the same argmax as the interpreter and as the exporting framework on
// every sample (as many rows as the model's JSON or the zoo says, in all three outputs), with
// scores within a tolerance relative to the largest magnitude of the sample's output (at least
// 1: LogSoftmax outputs near 0 are compared to the row, not to themselves).
#include "e2e/cli_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace bnnc::test {
namespace {

struct ModelCase {
  std::string name, model, data, labels, expected;
  std::vector<std::string> compile_flags, run_flags;
  int64_t samples = 0;  // rows of the data, of both runs' outputs and of the expected outputs
  double accuracy = -1; // the exporter's accuracy on `labels`, when known
};

// Measured (g++ 12, Debian 12) over the 34 models: the chip differs from the reference
// interpreter by at most 1.84e-7 of the row's scale (finn_mlp) and from the exporter's outputs
// (PyTorch in float32, or the float64 numpy evaluator) by at most 2.30e-7 (qonnx_mlp): up to two
// float32 roundings (2^-23 = 1.19e-7 each) of the output affine done in another order. The bound
// is three roundings.
const double kChipVsInterpreter = 3 * 0x1p-23, kChipVsExporter = 3 * 0x1p-23;

const int64_t kZooSamples = 16; // tests/models/README.md

std::vector<std::string> inputFlags(const nlohmann::json &j) {
  if (!j.contains("input_bits") || j["input_bits"].is_null())
    return {};
  const nlohmann::json &r = j["input_range"];
  std::ostringstream range;
  range << r[0].get<double>() << "," << r[1].get<double>();
  return {"--input-bits", std::to_string(j["input_bits"].get<int>()), "--input-range", range.str()};
}

std::vector<ModelCase> zooCases() {
  std::vector<ModelCase> cases;
  std::ifstream in(sourcePath("tests/models/manifest.json"));
  if (!in)
    throw std::runtime_error("tests/models/manifest.json is missing");
  for (const nlohmann::json &m : nlohmann::json::parse(in)) {
    auto path = [](const nlohmann::json &v) {
      return sourcePath("tests/models/" + v.get<std::string>());
    };
    cases.push_back({"zoo_" + m["name"].get<std::string>(),
                     path(m["model"]),
                     path(m["data"]),
                     "",
                     path(m["expected"]),
                     inputFlags(m),
                     {},
                     kZooSamples});
  }
  return cases;
}

// samples/models/<name>.json names the test files; the IDX sets (all test samples, pixels 0..255)
// are preferred over the .npy subsets.
std::vector<ModelCase> sampleCases() {
  std::vector<ModelCase> cases;
  std::filesystem::path dir = sourcePath("samples/models");
  std::vector<std::filesystem::path> files;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path &f : files) {
    std::ifstream in(f);
    nlohmann::json j = nlohmann::json::parse(in);
    const nlohmann::json &paths = j["files"];
    std::string name = f.stem().string();
    ModelCase c{"sample_" + name,
                sourcePath("samples/models/" + name + ".onnx"),
                "",
                "",
                sourcePath(paths["expected"]),
                inputFlags(j),
                {},
                j["test_samples"]};
    if (paths.contains("test_images_idx")) {
      c.data = sourcePath(paths["test_images_idx"]);
      c.labels = sourcePath(paths["test_labels_idx"]);
      c.run_flags = {"--data-div", "255"};
    } else {
      c.data = sourcePath(paths["test_x_npy"]);
      c.labels = sourcePath(paths["test_y_npy"]);
      c.samples = j["npy_samples"];
    }
    if (c.samples == j["test_samples"]) // the data holds every test sample
      c.accuracy = j["torch_accuracy"];
    cases.push_back(c);
  }
  return cases;
}

TEST(ModelsManifest, ListsEveryCommittedModel) {
  // 5 sample models and 29 zoo models; a lost manifest, entry or JSON file fails here.
  EXPECT_EQ(sampleCases().size(), 5u);
  std::vector<ModelCase> zoo = zooCases();
  EXPECT_EQ(zoo.size(), 29u);
  size_t onnx_files = 0;
  for (const auto &e : std::filesystem::directory_iterator(sourcePath("tests/models")))
    onnx_files += e.path().extension() == ".onnx";
  EXPECT_EQ(onnx_files, zoo.size()) << "a model of tests/models has no manifest entry";
}

std::vector<ModelCase> allCases() {
  std::vector<ModelCase> cases = sampleCases();
  std::vector<ModelCase> zoo = zooCases();
  cases.insert(cases.end(), zoo.begin(), zoo.end());
  return cases;
}

// gtest prints a parameter in test listings; the name says which model it is.
void PrintTo(const ModelCase &c, std::ostream *os) { *os << c.name; }

class Models : public ::testing::TestWithParam<ModelCase> {};

TEST_P(Models, ChipMatchesInterpreterAndExporter) {
  const ModelCase &c = GetParam();
  TempDir tmp;
  std::vector<std::string> compile = {"compile", c.model, "-o", tmp.path("m.bnn")};
  compile.insert(compile.end(), c.compile_flags.begin(), c.compile_flags.end());
  CliResult r = runBnnc(compile);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto &[target, out] : {std::pair{tmp.path("m.bnn"), tmp.path("chip.npy")},
                                    std::pair{c.model, tmp.path("ref.npy")}}) {
    std::vector<std::string> run = {"run", target,      "--data", c.data,   "--outputs",
                                    out,   "--threads", "2",      "--json", tmp.path("r.json")};
    run.insert(run.end(), c.run_flags.begin(), c.run_flags.end());
    if (target != c.model) // the exact ideal chip
      run.push_back("--ideal");
    if (c.accuracy >= 0)
      run.insert(run.end(), {"--labels", c.labels});
    r = runBnnc(run);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ifstream report_file(tmp.path("r.json"));
    nlohmann::json report = nlohmann::json::parse(report_file);
    EXPECT_EQ(report["samples"].get<int64_t>(), c.samples) << target;
    if (c.accuracy >= 0) {
      EXPECT_DOUBLE_EQ(report["accuracy"].get<double>(), c.accuracy) << target;
    }
  }
  Outputs chip = loadOutputs(tmp.path("chip.npy")), ref = loadOutputs(tmp.path("ref.npy"));
  Outputs expected = loadOutputs(c.expected);
  ASSERT_EQ(chip.rows, c.samples);
  ASSERT_EQ(expected.rows, c.samples);
  ASSERT_EQ(ref.rows, c.samples);
  ASSERT_EQ(chip.cols, expected.cols);
  ASSERT_EQ(ref.cols, expected.cols);
  Comparison vs_ref = compareOutputs(chip, ref), vs_exp = compareOutputs(chip, expected);
  EXPECT_EQ(vs_ref.argmax_mismatches, 0) << "chip vs reference interpreter";
  EXPECT_LE(vs_ref.max_relative_error, kChipVsInterpreter) << "chip vs reference interpreter";
  EXPECT_EQ(vs_exp.argmax_mismatches, 0) << "chip vs exporter's outputs";
  EXPECT_LE(vs_exp.max_relative_error, kChipVsExporter) << "chip vs exporter's outputs";
}

INSTANTIATE_TEST_SUITE_P(Committed, Models, ::testing::ValuesIn(allCases()),
                         [](const ::testing::TestParamInfo<ModelCase> &info) {
                           std::string n = info.param.name;
                           for (char &ch : n)
                             ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return n;
                         });

} // namespace
} // namespace bnnc::test
