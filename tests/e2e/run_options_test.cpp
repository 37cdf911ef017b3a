// Exact error texts and exit codes of bnnc run's device options: bad values exit 1 naming the
// option; options that do not go together (device options on an ONNX model or with --ideal,
// the device model with --ber) are usage errors, exit 2. No output file is left behind.
#include "e2e/cli_util.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

struct Case {
  std::vector<std::string> flags;
  int code;
  std::string err;
};

TEST(RunOptions, BadValuesAndCombinations) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx");
  std::string image = tmp.path("m.bnn"), json = tmp.path("r.json");
  ASSERT_EQ(runBnnc({"compile", model, "-o", image}).exit_code, 0);
  const std::string ref = " is an ONNX model, run on the reference interpreter\n";
  const std::vector<Case> image_cases = {
      {{"--chips", "0"}, 1, "--chips: error: must be at least 1, got 0\n"},
      {{"--ber", "1.5"}, 1, "--ber: error: must be a number in [0, 1], got 1.5\n"},
      {{"--ber", "-0.001"}, 1, "--ber: error: must be a number in [0, 1], got -0.001\n"},
      {{"--cycles", "-1"}, 1, "--cycles: error: must be a non-negative number, got -1\n"},
      {{"--retention-time", "-5"},
       1,
       "--retention-time: error: must be a non-negative number, got -5\n"},
      {{"--temperature", "0"}, 1, "--temperature: error: must be a number in (0, 2000], got 0\n"},
      {{"--device", "fast"},
       1,
       "--device: error: unknown device preset 'fast' (known: typical, endurance, low-energy)\n"},
      {{"--ideal", "--seed", "3"},
       2,
       "--seed: error: cannot be combined with --ideal (the ideal chip has no device)\n"},
      {{"--ideal", "--ber", "0.1"},
       2,
       "--ber: error: cannot be combined with --ideal (the ideal chip has no device)\n"},
      {{"--ber", "0.1", "--device", "typical"},
       2,
       "--device: error: cannot be combined with --ber (--ber replaces the device model)\n"},
      {{"--ber", "0.1", "--temperature", "350"},
       2,
       "--temperature: error: cannot be combined with --ber (--ber replaces the device model)\n"},
  };
  std::string x = sourcePath("samples/data/mnist_mlp-test-x.npy");
  for (const Case &c : image_cases) {
    std::vector<std::string> args = {"run", image, "--data", x, "--json", json};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    CliResult r = runBnnc(args);
    EXPECT_EQ(r.exit_code, c.code) << c.flags[0] << ": " << r.err;
    EXPECT_EQ(r.err, c.err);
    EXPECT_FALSE(std::filesystem::exists(json)) << c.flags[0];
  }
  const std::vector<Case> onnx_cases = {
      {{"--chips", "2"}, 2, "--chips: error: device options apply to chip images; " + model + ref},
      {{"--device", "typical", "--ber", "0.1"},
       2,
       "--device: error: device options apply to chip images; " + model + ref},
      {{"--ideal"}, 2, "--ideal: error: applies to chip images; " + model + ref},
      {{"--technology", sourcePath("data/technology.json")},
       2,
       "--technology: error: applies to chip images; " + model +
           " is an ONNX model, run on the reference interpreter (no energy report)\n"},
  };
  for (const Case &c : onnx_cases) {
    std::vector<std::string> args = {"run", model, "--data", x, "--json", json};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    CliResult r = runBnnc(args);
    EXPECT_EQ(r.exit_code, c.code) << c.flags[0] << ": " << r.err;
    EXPECT_EQ(r.err, c.err);
    EXPECT_FALSE(std::filesystem::exists(json)) << c.flags[0];
  }
  // Values CLI11 cannot parse are usage errors too.
  CliResult r = runBnnc({"run", image, "--data", x, "--seed", "-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("--seed: must be a non-negative integer, got -1\n", 0), 0u) << r.err;
  EXPECT_EQ(runBnnc({"run", image, "--data", x, "--chips", "many"}).exit_code, 2);
}

// A device whose condition is not the image's: a warning, and the run goes on.
TEST(RunOptions, DeviceOfAnotherConditionWarns) {
  TempDir tmp;
  std::string image = tmp.path("m.bnn");
  ASSERT_EQ(
      runBnnc({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", image}).exit_code, 0);
  CliResult r = runBnnc({"run", image, "--data", sourcePath("samples/data/mnist_mlp-test-x.npy"),
                         "--device", "low-energy"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, image + ": warning: device model 'low-energy' is for programming condition "
                           "'low-energy', the image was compiled for 'typical': the chips have its "
                           "devices, the programming energy and time reported are those of "
                           "'typical'\n");
}

} // namespace
} // namespace bnnc::test
