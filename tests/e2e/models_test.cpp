// End to end through the CLI, on every committed model: the sample models trained and exported
// with PyTorch (samples/models) and the exporter-pattern zoo (tests/models). For each:
//   bnnc compile -> bnnc run IMAGE (ideal chip) and bnnc run MODEL.onnx (reference interpreter)
// and the chip must give the same argmax as the interpreter and as the exporting framework on
// every sample, with scores within 1e-4 relative.
#include "e2e/cli_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

struct ModelCase {
  std::string name, model, data, labels, expected;
  std::vector<std::string> compile_flags;
};

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
    return cases;
  nlohmann::json manifest = nlohmann::json::parse(in);
  const nlohmann::json &list = manifest.is_array() ? manifest : manifest["models"];
  for (const nlohmann::json &m : list) {
    auto path = [](const nlohmann::json &v) { return sourcePath("tests/models/" + v.get<std::string>()); };
    cases.push_back({"zoo_" + m["name"].get<std::string>(), path(m["model"]), path(m["data"]), "",
                     path(m["expected"]), inputFlags(m)});
  }
  return cases;
}

std::vector<ModelCase> sampleCases() {
  std::vector<ModelCase> cases;
  std::filesystem::path dir = sourcePath("samples/models");
  if (!std::filesystem::exists(dir))
    return cases;
  std::vector<std::filesystem::path> files;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path &f : files) {
    std::ifstream in(f);
    nlohmann::json j = nlohmann::json::parse(in);
    std::string name = f.stem().string();
    std::string data = sourcePath("samples/data/" + name + "-test-x.npy");
    cases.push_back({"sample_" + name, sourcePath("samples/models/" + name + ".onnx"), data,
                     sourcePath("samples/data/" + name + "-test-y.npy"),
                     sourcePath("samples/data/" + name + "-torch-out.npy"), inputFlags(j)});
  }
  return cases;
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
  r = runBnnc({"run", tmp.path("m.bnn"), "--data", c.data, "--outputs", tmp.path("chip.npy"),
               "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runBnnc({"run", c.model, "--data", c.data, "--outputs", tmp.path("ref.npy"), "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Outputs chip = loadOutputs(tmp.path("chip.npy")), ref = loadOutputs(tmp.path("ref.npy"));
  Outputs expected = loadOutputs(c.expected);
  // The exporter's outputs may cover more samples than the data file (the first rows match).
  ASSERT_GE(expected.rows, chip.rows);
  ASSERT_EQ(chip.cols, expected.cols);
  expected.rows = chip.rows;
  Comparison vs_ref = compareOutputs(chip, ref), vs_exp = compareOutputs(chip, expected);
  EXPECT_EQ(vs_ref.argmax_mismatches, 0) << "chip vs reference interpreter";
  EXPECT_LE(vs_ref.max_relative_error, 1e-4) << "chip vs reference interpreter";
  EXPECT_EQ(vs_exp.argmax_mismatches, 0) << "chip vs exporter's outputs";
  EXPECT_LE(vs_exp.max_relative_error, 1e-4) << "chip vs exporter's outputs";
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
