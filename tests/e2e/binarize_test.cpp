// Post-training binarization (bnnc compile --binarize) of a float MLP trained and exported by
// PyTorch (tests/models/float, samples/training/train_float_mlp.py): through the CLI with the
// float model's accuracy beside the chip's, and exactness of the chip against the binarized
// graph run on the reference interpreter.
#include "bnnc/data/dataset.h"
#include "bnnc/emulator/emulator.h"
#include "bnnc/image/image.h"
#include "bnnc/ir/interpreter.h"
#include "bnnc/mapping/mapping.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/passes/passes.h"
#include "e2e/cli_util.h"

#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

std::string model() { return sourcePath("tests/models/float/mnist_float_mlp.onnx"); }
std::string calibration() {
  return sourcePath("tests/models/float/mnist_float_mlp-calib-images-idx3-ubyte.gz");
}
std::string digits() { return sourcePath("samples/data/mnist_mlp-test-images-idx3-ubyte.gz"); }
std::string labels() { return sourcePath("samples/data/mnist_mlp-test-labels-idx1-ubyte.gz"); }

TEST(Binarize, ThroughTheCliWithTheFloatModelsAccuracyBeside) {
  TempDir tmp;
  CliResult r = runBnnc({"compile", model(), "-o", tmp.path("m.bnn"), "--binarize",
                         "--calibration-data", calibration(), "--data-div", "255"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("note: --binarize: layer '/net/net.0/Gemm': weights binarized to alpha_c "
                       "* sign(W), alpha_c = mean |W_c| per output channel\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("note: --binarize: layer '/net/net.4/Gemm': activations binarized after "
                       "'/net/net.6/Relu_output_0' at per-channel thresholds (means over 256 "
                       "calibration samples)"),
            std::string::npos);
  EXPECT_EQ(r.err, model() + ": warning: --binarize: the raw input is read as --input-bits 8 "
                             "--input-range 0,1 (the calibration data's range; give both "
                             "options to choose)\n");
  r = runBnnc({"run", tmp.path("m.bnn"), "--ideal", "--data", digits(), "--labels", labels(),
               "--data-div", "255", "--reference", model(), "--json", tmp.path("r.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(tmp.path("r.json"));
  nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_EQ(j["samples"], 2000);
  // Measured: the float model 0.9640, its binarized chip 0.8575 (no retraining).
  EXPECT_DOUBLE_EQ(j["reference"]["accuracy"].get<double>(), 0.964);
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), 0.8575);
  EXPECT_NE(r.out.find("reference model " + model() +
                       ": accuracy 0.9640, the ideal chip predicts "
                       "its class on 0.8600 of the samples\n"),
            std::string::npos)
      << r.out;
}

TEST(Binarize, OptionsGoTogether) {
  TempDir tmp;
  CliResult r = runBnnc({"compile", model(), "-o", tmp.path("m.bnn"), "--binarize"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "--binarize: error: --binarize and --calibration-data go together (the "
                   "activation thresholds are calibrated on the data)\n");
  r = runBnnc({"run", model(), "--data", digits(), "--reference", model()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "--reference: error: applies to chip images; " + model() +
                       " is an ONNX model, run on the reference interpreter already\n");
}

// The chip compiled from the binarized graph gives the binarized graph's own outputs: the same
// class on every sample, scores to float32 rounding.
TEST(Binarize, ChipMatchesTheBinarizedGraphOnTheInterpreter) {
  Diagnostics diag;
  ir::Graph graph = onnx::importModel(model(), diag);
  data::Dataset calib = data::loadData(calibration()), test = data::loadData(digits());
  for (float &v : calib.values)
    v /= 255.0f;
  for (float &v : test.values)
    v /= 255.0f;
  passes::CompileOptions o;
  o.binarize = true;
  o.calibration = calib.values;
  o.calibration_count = calib.count;
  o.input_bits = 8, o.input_lo = 0, o.input_hi = 1;
  passes::PassContext ctx{o, diag};
  passes::eliminateNoOps(graph, ctx);
  passes::binarizeModel(graph, ctx);
  int64_t n = 300;
  std::vector<float> x(test.values.begin(), test.values.begin() + n * 784);
  std::vector<float> expected = ir::runGraphBatch(graph, x, n, 2);
  o.binarize = false; // the graph is binarized already
  ir::Program program = passes::compileGraph(graph, ctx);
  image::ChipImage chip{program,
                        mapping::mapProgram(program, mapping::defaultArch(), "m"),
                        image::conditionByName("typical"),
                        {}};
  emulator::RunResult run = emulator::run(*emulator::prepare(chip), x.data(), n, {});
  ASSERT_EQ(run.outputs.size(), expected.size());
  Outputs a{n, 10, {run.outputs.begin(), run.outputs.end()}}, b{n, 10, expected};
  Comparison c = compareOutputs(a, b);
  EXPECT_EQ(c.argmax_mismatches, 0);
  EXPECT_LE(c.max_relative_error, 3 * 0x1p-23); // measured 1.17e-7: one float32 rounding
}

} // namespace
} // namespace bnnc::test
