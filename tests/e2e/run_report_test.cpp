// bnnc run's report on the MNIST sample as MNIST ships its data (IDX, gzipped, 0..255 pixels):
// the human summary, identical results at any thread count, a deterministic compile.
#include "e2e/cli_util.h"

#include <fstream>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// The human summary on stdout, exactly (the JSON report's keys: device_run_test.cpp; the
// accuracies against PyTorch's on every sample: models_test.cpp).
TEST(RunReport, HumanSummaryOfTheMnistSample) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx"), image = tmp.path("m.bnn");
  std::string images = sourcePath("samples/data/mnist_mlp-test-images-idx3-ubyte.gz");
  std::string labels = sourcePath("samples/data/mnist_mlp-test-labels-idx1-ubyte.gz");
  ASSERT_EQ(runBnnc({"compile", model, "-o", image}).exit_code, 0);
  std::vector<std::string> data = {"--data", images, "--labels", labels, "--data-div", "255"};
  std::vector<std::string> chip = {"run", image, "--ideal"}, ref = {"run", model};
  chip.insert(chip.end(), data.begin(), data.end());
  ref.insert(ref.end(), data.begin(), data.end());
  CliResult r = runBnnc(chip);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "model: " + image +
                " (2000 samples)\n"
                "chip: the ideal chip (every cell reads as stored)\n"
                "accuracy: 0.9780 (1956/2000)\n"
                "energy per inference: 13.24 nJ (sense 85%, popcount 7%, compare 0%, buffer "
                "1%, control 6%, leakage 0%); latency 2.75 us\n"
                "programming (condition 'typical'): 262.8 uJ, 904.7 ms, 904704 pulses\n"
                "note: final LogSoftmax '/LogSoftmax' runs in the periphery; it preserves the "
                "argmax\n");
  r = runBnnc(ref);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "model: " + model +
                       " (reference-interpreter)\nsamples: 2000\n"
                       "accuracy: 0.9780 (1956/2000)\n");
}

TEST(RunReport, SameResultAtAnyThreadCount) {
  TempDir tmp;
  std::string x = sourcePath("samples/data/mnist_mlp-test-x.npy");
  ASSERT_EQ(
      runBnnc({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", tmp.path("m.bnn")})
          .exit_code,
      0);
  ASSERT_EQ(
      runBnnc({"run", tmp.path("m.bnn"), "--data", x, "--outputs", tmp.path("a.npy"), "--ideal"})
          .exit_code,
      0);
  ASSERT_EQ(runBnnc({"run", tmp.path("m.bnn"), "--data", x, "--outputs", tmp.path("b.npy"),
                     "--threads", "3", "--ideal"})
                .exit_code,
            0);
  EXPECT_EQ(loadOutputs(tmp.path("a.npy")).values, loadOutputs(tmp.path("b.npy")).values);
}

TEST(RunReport, CompileIsDeterministic) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx");
  for (const char *name : {"a", "b"})
    ASSERT_EQ(runBnnc({"compile", model, "-o", tmp.path(std::string(name) + ".bnn"), "--schedule",
                       tmp.path(std::string(name) + ".csv")})
                  .exit_code,
              0);
  std::ifstream a(tmp.path("a.bnn"), std::ios::binary), b(tmp.path("b.bnn"), std::ios::binary);
  std::string ia((std::istreambuf_iterator<char>(a)), {}),
      ib((std::istreambuf_iterator<char>(b)), {});
  EXPECT_FALSE(ia.empty());
  EXPECT_EQ(ia, ib);
}

} // namespace
} // namespace bnnc::test
