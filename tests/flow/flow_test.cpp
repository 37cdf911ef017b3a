// The sample flow (samples/flow/Makefile) end to end on a subset of the committed samples:
// compile and run on the ideal chip (the chip must give the exporter's accuracy and the reference
// interpreter's predictions), incremental rebuilds (a second make does nothing; touching one
// model remakes only that model), a BER sweep point, and the messages for missing tools. These
// targets need only bnnc and make; the plots (gnuplot) and tables (python3) are not run here.
#include "flow/make_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bnnc::test {
namespace {

namespace fs = std::filesystem;

nlohmann::json readJson(const std::string &path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return in ? nlohmann::json::parse(in) : nlohmann::json();
}

// A private copy of the models and data the flow reads (SAMPLES=), so that touching a model does
// not touch the repository.
void copySamples(const TempDir &tmp, const std::vector<std::string> &files) {
  for (const std::string &f : files) {
    fs::path to = tmp.path("samples/" + f);
    fs::create_directories(to.parent_path());
    fs::copy_file(sourcePath("samples/" + f), to);
  }
}

const std::vector<std::string> kSubset = {
    "models/mnist_mlp.onnx",
    "models/mnist_mlp.json",
    "data/mnist_mlp-test-images-idx3-ubyte.gz",
    "data/mnist_mlp-test-labels-idx1-ubyte.gz",
    "models/ecg_cnn1d.onnx",
    "models/ecg_cnn1d.json",
    "data/ecg_cnn1d-test-x.npy",
    "data/ecg_cnn1d-test-y.npy",
};

// The lines of `text` that mention `word`.
std::vector<std::string> linesWith(const std::string &text, const std::string &word) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(word) != std::string::npos)
      found.push_back(line);
  return found;
}

TEST(Flow, IdealChipMatchesExporterAndRebuildsOnlyWhatChanged) {
  TempDir tmp;
  copySamples(tmp, kSubset);
  std::vector<std::string> args = {"-j2", "OUT=" + tmp.path("out"),
                                   "SAMPLES=" + tmp.path("samples"), "MODELS=mnist_mlp ecg_cnn1d",
                                   "ideal"};
  CliResult r = runFlow(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;

  for (const std::string m : {"mnist_mlp", "ecg_cnn1d"}) {
    nlohmann::json sample = readJson(tmp.path("samples/models/" + m + ".json"));
    double exporter = sample["torch_accuracy"];
    nlohmann::json chip = readJson(tmp.path("out/default/typical/" + m + ".ideal.json"));
    nlohmann::json ref = readJson(tmp.path("out/reference/" + m + ".json"));
    EXPECT_EQ(chip["engine"], "ideal-chip") << m;
    EXPECT_EQ(ref["engine"], "reference-interpreter") << m;
    EXPECT_DOUBLE_EQ(chip["accuracy"].get<double>(), exporter) << m;
    EXPECT_DOUBLE_EQ(ref["accuracy"].get<double>(), exporter) << m;
    // every test sample of the model's JSON, in both runs
    size_t samples = sample["test_samples"].get<size_t>();
    EXPECT_EQ(chip["predictions"].size(), samples) << m;
    EXPECT_EQ(ref["predictions"].size(), samples) << m;
    EXPECT_EQ(chip["predictions"], ref["predictions"]) << m;
    EXPECT_TRUE(fs::exists(tmp.path("out/default/typical/" + m + ".compile.json"))) << m;
  }

  // A second make has nothing to do: -q answers 0 only when every target is up to date.
  std::vector<std::string> query = args;
  query.insert(query.begin(), "-q");
  EXPECT_EQ(runFlow(query).exit_code, 0) << "a second make would rebuild something";

  // Touch one model: only its image, its ideal run and its interpreter run are remade.
  fs::last_write_time(tmp.path("samples/models/ecg_cnn1d.onnx"), fs::file_time_type::clock::now());
  std::vector<std::string> dry = args;
  dry.insert(dry.begin(), "-n");
  r = runFlow(dry);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(linesWith(r.out, "mnist_mlp"), std::vector<std::string>{}) << r.out;
  std::vector<std::string> bnnc = linesWith(r.out, BNNC_BINARY);
  ASSERT_EQ(bnnc.size(), 3u) << r.out; // compile, ideal run, interpreter run
  EXPECT_NE(bnnc[0].find(" compile "), std::string::npos) << bnnc[0];
  for (const std::string &line : bnnc)
    EXPECT_NE(line.find("ecg_cnn1d"), std::string::npos) << line;
}

TEST(Flow, SweepPointInjectsTheBerIntoEachChip) {
  TempDir tmp;
  copySamples(tmp, kSubset);
  CliResult r =
      runFlow({"OUT=" + tmp.path("out"), "SAMPLES=" + tmp.path("samples"), "MODELS=ecg_cnn1d",
               "SWEEP_MODELS=ecg_cnn1d", "BERS=0.05", "CHIPS=3", "SEED=7", "sweep-runs"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // chips and seed are part of the path, so runs of other settings never mix
  nlohmann::json j = readJson(tmp.path("out/default/typical/sweep-c3-s7/ecg_cnn1d/ber-0.05.json"));
  EXPECT_EQ(j["chips"], 3);
  EXPECT_EQ(j["seed"], 7);
  EXPECT_DOUBLE_EQ(j["injected_ber"].get<double>(), 0.05);
  EXPECT_EQ(j["accuracy_per_chip"].size(), 3u);
  // 68,464 weights per chip: the observed rate is 0.05 within a few standard errors (8e-4)
  EXPECT_NEAR(j["weight_ber_observed"].get<double>(), 0.05, 0.005);
}

TEST(Flow, MissingBnncSaysHowToBuildIt) {
  TempDir tmp;
  CliResult r = runFlow(
      {"OUT=" + tmp.path("out"), "BNNC=" + tmp.path("no-bnnc"), "MODELS=ecg_cnn1d", "ideal"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("samples/flow: bnnc not found at " + tmp.path("no-bnnc") +
                       ": build it with 'bash scripts/build.sh' from the repository root, or "
                       "set BNNC="),
            std::string::npos)
      << r.err;
}

TEST(Flow, MissingGnuplotStopsBeforeAnythingRuns) {
  TempDir tmp;
  // PYTHON= any command that exists, so that only gnuplot is missing whatever the machine has
  CliResult r =
      runFlow({"OUT=" + tmp.path("out"), "PYTHON=/bin/sh", "GNUPLOT=no-such-gnuplot", "plots"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'no-such-gnuplot' not found: the plots need gnuplot; install it with "
                       "'apt-get install gnuplot-nox' (as root), or set GNUPLOT="),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(tmp.path("out/default"))) << "something ran";
}

// The flow's model descriptions (samples/flow/models/<name>.mk) say what the training scripts
// wrote into samples/models/<name>.json: the same input options and test files.
TEST(Flow, ModelDescriptionsMatchTheSampleJsons) {
  CliResult r = runFlow({"-s", "show-models"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int checked = 0;
  for (const auto &entry : fs::directory_iterator(sourcePath("samples/models"))) {
    if (entry.path().extension() != ".json")
      continue;
    std::string name = entry.path().stem().string();
    nlohmann::json j = readJson(entry.path().string());
    std::vector<std::string> lines = linesWith(r.out, name + ": ");
    ASSERT_EQ(lines.size(), 1u) << name << " is not in the flow:\n" << r.out;
    std::string compile;
    if (!j["input_bits"].is_null()) {
      std::ostringstream flags;
      flags << "--input-bits " << j["input_bits"].get<int>() << " --input-range "
            << j["input_range"][0].get<double>() << "," << j["input_range"][1].get<double>();
      compile = flags.str();
    }
    const nlohmann::json &files = j["files"];
    bool idx = files.contains("test_images_idx");
    std::string data = files[idx ? "test_images_idx" : "test_x_npy"];
    std::string labels = files[idx ? "test_labels_idx" : "test_y_npy"];
    std::string expected = name + ": model=" + sourcePath("samples/models/" + name + ".onnx") +
                           " compile=" + compile + " data=" + sourcePath(data) +
                           " labels=" + sourcePath(labels) +
                           " run=" + (idx ? "--data-div 255" : "");
    EXPECT_EQ(lines[0], expected);
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

// The whole default flow as a dry run: every file it needs has a rule (the makefiles it includes
// share one namespace of variables; one of them once redefined another's directory).
TEST(Flow, EveryFileOfTheDefaultFlowHasARule) {
  TempDir tmp;
  CliResult r = runFlow({"-n", "OUT=" + tmp.path("out")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(linesWith(r.err, "No rule"), std::vector<std::string>{});
  EXPECT_FALSE(linesWith(r.out, "report.py").empty()) << "the dry run reaches the report";
}

} // namespace
} // namespace bnnc::test
