// bnnc run's report on the MNIST sample as MNIST ships its data (IDX, gzipped, 0..255 pixels):
// the human summary, identical results at any thread count, a deterministic compile and schedule.
#include "e2e/cli_util.h"

#include <gtest/gtest.h>
#include <sstream>

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
  Outputs a = loadOutputs(tmp.path("a.npy")), b = loadOutputs(tmp.path("b.npy"));
  EXPECT_EQ(a.rows, 400);
  EXPECT_EQ(a.cols, 10);
  EXPECT_EQ(a.values, b.values);
}

// Two compiles give the same image and the same schedule, byte for byte; the schedule has one
// line per pulse of the run report above (904704, 300 pJ each: 271.4 uJ).
TEST(RunReport, CompileIsDeterministic) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx");
  for (const char *name : {"a", "b"})
    ASSERT_EQ(runBnnc({"compile", model, "-o", tmp.path(std::string(name) + ".bnn"), "--schedule",
                       tmp.path(std::string(name) + ".csv")})
                  .exit_code,
              0);
  std::string ia = readText(tmp.path("a.bnn")), ib = readText(tmp.path("b.bnn"));
  EXPECT_FALSE(ia.empty());
  EXPECT_EQ(ia, ib);
  std::string sa = readText(tmp.path("a.csv")), sb = readText(tmp.path("b.csv"));
  // Not EXPECT_EQ: gtest would diff the 900,000 lines on a failure.
  EXPECT_TRUE(sa == sb) << "the schedules differ (" << sa.size() << " and " << sb.size()
                        << " bytes)";
  std::istringstream lines(sa);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "index,tile,row,col,device,op,voltage_v,compliance_ua,pulse_ns,energy_pj");
  int64_t pulses = 0;
  double energy_pj = 0;
  while (std::getline(lines, line)) {
    EXPECT_EQ(line.rfind(std::to_string(pulses) + ",", 0), 0u) << line;
    energy_pj += std::stod(line.substr(line.rfind(',') + 1));
    pulses += 1;
  }
  EXPECT_EQ(pulses, 904704);
  // 452,352 SETs of 294.9 pJ and as many RESETs of 286.1 pJ (docs/energy.md, from the
  // programming law's typical point).
  EXPECT_NEAR(energy_pj * 1e-6, 262.8, 0.05);
}

} // namespace
} // namespace bnnc::test
