// Exact texts of the driver's own refusals of inputs that read fine but do not fit the request:
// --binarize calibration data with a single value (no range to read the raw input in), and a
// --reference model whose input is not the data's.
#include "e2e/cli_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

TEST(DriverErrors, CalibrationDataWithOneValue) {
  TempDir tmp;
  std::string calib = tmp.path("calib.csv"), out = tmp.path("f.bnn");
  {
    std::ofstream f(calib);
    for (int line = 0; line < 2; ++line)
      for (int i = 0; i < 784; ++i)
        f << "0.5" << (i < 783 ? "," : "\n");
  }
  CliResult r = runBnnc({"compile", sourcePath("tests/models/float/mnist_float_mlp.onnx"), "-o",
                         out, "--binarize", "--calibration-data", calib});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, calib + ": error: every value is 0.5; give the input's quantization with "
                           "--input-bits and --input-range\n");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(DriverErrors, ReferenceModelOfAnotherInput) {
  TempDir tmp;
  std::string image = tmp.path("m.bnn"), json = tmp.path("r.json");
  ASSERT_EQ(
      runBnnc({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", image}).exit_code, 0);
  std::string other = sourcePath("tests/models/p01_sign.onnx");
  CliResult r = runBnnc({"run", image, "--data", sourcePath("samples/data/mnist_mlp-test-x.npy"),
                         "--reference", other, "--json", json});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, other + ": error: the model reads [1,48] samples, the data holds [784]\n");
  EXPECT_FALSE(std::filesystem::exists(json));
}

} // namespace
} // namespace bnnc::test
