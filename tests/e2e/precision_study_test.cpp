// The precision study's networks (samples/models/precision_<task>_<variant>.onnx, trained by
// samples/training/train_precision.py, docs/results.md section 5), end to end through the CLI:
// each compiles with the flow's options, maps each layer at the precision the study says it has
// (q8: multi-bit weights and activations everywhere; cls: multi-bit feature extractor, binary
// classifier; bnn: binary everywhere), and its ideal chip gives the reference interpreter's class
// on every test sample with scores equal to float32 rounding. The flow that measures the study
// (samples/flow/precision.mk) is too slow for a unit test; this catches a model, an exporter or a
// compiler change that breaks it.
#include "e2e/cli_util.h"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

struct Case {
  std::string task, variant;
};

// ctest shows the case by its name, not its bytes
void PrintTo(const Case &c, std::ostream *os) { *os << c.task << "_" << c.variant; }

std::vector<Case> cases() {
  std::vector<Case> c;
  for (const char *task : {"ecg", "fashion"})
    for (const char *variant : {"q8", "cls", "bnn"})
      c.push_back({task, variant});
  return c;
}

std::vector<int64_t> argmax(const Outputs &o) {
  std::vector<int64_t> p;
  for (int64_t r = 0; r < o.rows; ++r) {
    const float *row = &o.values[size_t(r * o.cols)];
    p.push_back(int64_t(std::max_element(row, row + o.cols) - row));
  }
  return p;
}

class PrecisionStudy : public ::testing::TestWithParam<Case> {};

TEST_P(PrecisionStudy, CompilesAtItsPrecisionAndTheIdealChipEqualsTheReference) {
  const Case &c = GetParam();
  bool ecg = c.task == "ecg";
  std::string model = sourcePath("samples/models/precision_" + c.task + "_" + c.variant + ".onnx");
  // the ECG test set (1,000 synthetic beats) and 300 Fashion-MNIST test images, as u8 / 255
  std::string data = sourcePath(ecg ? "samples/data/ecg_cnn1d-test-x.npy"
                                    : "samples/data/fashion_cnn-test-x.npy");
  TempDir tmp;
  CliResult r = runBnnc({"compile", model, "-o", tmp.path("m.bnn"), "--input-bits", "8",
                         "--input-range", ecg ? "-1,1" : "0,1", "--report", tmp.path("c.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // no warning: every quantizer's levels are exact in float32 (power-of-two scales)
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;

  std::ifstream report_file(tmp.path("c.json"));
  nlohmann::json report = nlohmann::json::parse(report_file);
  const nlohmann::json &layers = report["layers"];
  ASSERT_EQ(layers.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    bool multi = c.variant == "q8" || (c.variant == "cls" && i < 2);
    int wbits = layers[i]["weight_bits"];
    EXPECT_EQ(wbits > 1, multi) << "layer " << i << " weight bits " << wbits;
    if (i < 3) { // the classifier's hidden layer of cls is binary, its input still 8-bit codes
      int obits = layers[i]["output_bits"];
      EXPECT_EQ(obits, multi ? 8 : 1) << "layer " << i;
    }
  }

  r = runBnnc({"run", tmp.path("m.bnn"), "--ideal", "--data", data, "--outputs",
               tmp.path("chip.npy"), "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runBnnc({"run", model, "--data", data, "--outputs", tmp.path("ref.npy")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Outputs chip = loadOutputs(tmp.path("chip.npy"));
  Outputs ref = loadOutputs(tmp.path("ref.npy"));
  ASSERT_EQ(chip.rows, ecg ? 1000 : 300);
  ASSERT_EQ(chip.rows, ref.rows);
  ASSERT_EQ(chip.cols, ref.cols);
  EXPECT_EQ(argmax(chip), argmax(ref));
  // measured at most 1.37 float32 roundings (2^-23) of the row's scale (ecg_q8); the bound is
  // three, as for every other chip-against-interpreter comparison (docs/testing.md)
  EXPECT_LE(compareOutputs(chip, ref).max_relative_error, 3 * 0x1p-23);
}

INSTANTIATE_TEST_SUITE_P(Samples, PrecisionStudy, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case> &info) {
                           return info.param.task + "_" + info.param.variant;
                         });

} // namespace
} // namespace bnnc::test
