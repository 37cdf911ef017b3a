// Exact error messages and exit codes of the CLI, and no output file left behind on error.
#include "e2e/cli_util.h"
#include "unit/onnx/model_builder_util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

std::string mnist() { return sourcePath("samples/models/mnist_mlp.onnx"); }
std::string mnistX() { return sourcePath("samples/data/mnist_mlp-test-x.npy"); }

void save(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// x[N,4] -> Sign -> MatMul(W) -> output; W from `weights`.
std::string signMatMul(const TempDir &tmp, const std::vector<float> &weights) {
  ModelBuilder b;
  b.input("x", {-1, 4}).initializer("W", {4, 2}, weights);
  b.node("Sign", {"x"}, {"s"}, {}, "sign");
  b.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  b.output("y");
  std::string path = tmp.path("m.onnx");
  save(path, b.bytes());
  return path;
}

struct Case {
  std::vector<std::string> args;
  int code;
  std::string err;
};

void expectError(const Case &c, const std::string &output) {
  CliResult r = runBnnc(c.args);
  EXPECT_EQ(r.exit_code, c.code) << r.err;
  EXPECT_EQ(r.err, c.err);
  if (!output.empty()) {
    EXPECT_FALSE(std::filesystem::exists(output)) << output << " was left behind";
  }
}

TEST(CliErrors, ModelProblems) {
  TempDir tmp;
  std::string out = tmp.path("o.bnn");
  expectError({{"compile", tmp.path("nope.onnx"), "-o", out},
               1,
               tmp.path("nope.onnx") + ": error: cannot open file: No such file or directory\n"},
              out);
  std::string nonbinary = signMatMul(tmp, {1, -1, 1, 1, -1, 1, 0.3f, 1});
  expectError({{"compile", nonbinary, "-o", out},
               1,
               nonbinary + ": node 'fc' (MatMul, #1): error: weight 'W' is neither binary nor "
                           "quantized: output channel 0 holds 3 distinct values (-1, 0.3, 1), not "
                           "a scale times integers of at most 8 bits (bnnc compile --binarize "
                           "binarizes a float model)\n"},
              out);
  ModelBuilder raw;
  raw.input("x", {-1, 4}).initializer("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1});
  raw.node("MatMul", {"x", "W"}, {"y"}, {}, "fc");
  raw.output("y");
  save(tmp.path("raw.onnx"), raw.bytes());
  expectError({{"compile", tmp.path("raw.onnx"), "-o", out},
               1,
               tmp.path("raw.onnx") + ": node 'fc' (MatMul, #0): error: the first layer reads the "
                                      "raw input, which is not binarized and has no quantizer in "
                                      "the model; give the quantization of the data with "
                                      "--input-bits N and --input-range LO,HI, e.g. --input-bits "
                                      "8 --input-range 0,1 (8-bit data k/255)\n"},
              out);
  save(tmp.path("junk.onnx"), "this is not protobuf");
  expectError({{"compile", tmp.path("junk.onnx"), "-o", out},
               1,
               tmp.path("junk.onnx") + ": error: not a valid ONNX model (protobuf parse failed)\n"},
              out);
}

TEST(CliErrors, OptionProblems) {
  TempDir tmp;
  std::string out = tmp.path("o.bnn");
  expectError({{"compile", mnist(), "-o", out, "--condition", "fast"},
               1,
               "--condition: error: unknown programming condition 'fast' (known: typical, "
               "endurance, low-energy)\n"},
              out);
  std::string raw = signMatMul(tmp, {1, -1, 1, 1, -1, 1, 1, 1});
  expectError({{"compile", raw, "-o", out, "--input-bits", "4", "--input-range", "0;1"},
               1,
               "--input-range: error: must be LO,HI (two numbers), got '0;1'\n"},
              out);
  std::ofstream(tmp.path("arch.json")) << "{\"tile_rows\": -3}";
  expectError({{"compile", mnist(), "-o", out, "--arch", tmp.path("arch.json")},
               1,
               tmp.path("arch.json") + ": /tile_rows: error: must be a positive integer, got -3\n"},
              out);
  CliResult r = runBnnc({"compile", mnist()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(runBnnc({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(runBnnc({"compile", mnist(), "-o", out, "--input-bits", "40"}).exit_code, 2);
  EXPECT_EQ(runBnnc({"run", "--help"}).exit_code, 0);
}

TEST(CliErrors, DataProblems) {
  TempDir tmp;
  std::string image = tmp.path("m.bnn"), json = tmp.path("r.json");
  ASSERT_EQ(runBnnc({"compile", mnist(), "-o", image}).exit_code, 0);
  std::string y = sourcePath("samples/data/mnist_mlp-test-y.npy");
  expectError({{"run", image, "--data", y, "--json", json},
               1,
               y + ": error: samples of shape [] do not fit the model input [784] (1 values per "
                   "sample, the model takes 784)\n"},
              json);
  std::string labels = sourcePath("samples/data/mnist_mlp-test-labels-idx1-ubyte.gz");
  expectError({{"run", image, "--data", mnistX(), "--labels", labels, "--json", json},
               1,
               labels + ": error: 2000 labels for 400 samples in " + mnistX() + "\n"},
              json);
  expectError({{"run", image, "--data", mnistX(), "--threads", "0"},
               1,
               "--threads: error: must be at least 1, got 0\n"},
              "");
  // An output in a directory that does not exist: the error names it, nothing is written.
  std::string bad = tmp.path("missing/dir/out.npy");
  CliResult r = runBnnc({"run", image, "--data", mnistX(), "--outputs", bad, "--json", json});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind(bad + ": error: cannot write file", 0), 0u) << r.err;
  EXPECT_FALSE(std::filesystem::exists(json));
}

TEST(CliErrors, CorruptImage) {
  TempDir tmp;
  std::string image = tmp.path("m.bnn");
  ASSERT_EQ(runBnnc({"compile", mnist(), "-o", image}).exit_code, 0);
  std::string bytes;
  {
    std::ifstream in(image, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() - 100] ^= 0x10; // inside the last section, the tiles
  save(image, bytes);
  CliResult r = runBnnc({"run", image, "--data", mnistX()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("(section TILE): error: CRC mismatch"), std::string::npos) << r.err;
  r = runBnnc({"inspect", image});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("MISMATCH"), std::string::npos) << r.out;
}

// The edges a new user meets first: the version, a mistyped command, `bnnc help`, an unknown
// pass, a list given to bnnc run.
TEST(CliErrors, CommandLineEdges) {
  CliResult r = runBnnc({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "bnnc " BNNC_VERSION "\n");
  r = runBnnc({"compiel", "x.onnx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "bnnc: error: unknown command 'compiel' (commands: compile, run, sweep, "
                   "inspect, learn); did you mean 'compile'?\n");
  r = runBnnc({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "bnnc: error: unknown command 'frobnicate' (commands: compile, run, sweep, "
                   "inspect, learn)\n");
  r = runBnnc({"help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("bnnc: compile binarized neural networks", 0), 0u) << r.out;
  r = runBnnc({"help", "run"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("run a chip image on virtual chips", 0), 0u) << r.out;
  TempDir tmp;
  std::string out = tmp.path("o.bnn");
  expectError({{"compile", mnist(), "-o", out, "--print-after", "bogus"},
               2,
               "--print-after: error: unknown pass 'bogus' (passes: eliminate-noops, binarize, "
               "canonicalize-binarizers, find-blockers, lower-to-program, or all)\n"},
              out);
  r = runBnnc({"run", out, "--data", mnistX(), "--ber", "1e-3,1e-2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("--ber: takes one value, got '1e-3,1e-2' (bnnc sweep takes lists of "
                        "values)\n",
                        0),
            0u)
      << r.err;
}

// 0..255 pixels given to a model of [0, 1] without --data-div: a warning names the remedy.
TEST(CliErrors, DataOutsideTheInputRangeIsNamed) {
  TempDir tmp;
  std::string image = tmp.path("f.bnn");
  ASSERT_EQ(runBnnc({"compile", sourcePath("samples/models/fashion_cnn.onnx"), "-o", image,
                     "--input-bits", "8", "--input-range", "0,1"})
                .exit_code,
            0);
  std::string pixels = sourcePath("samples/data/fashion_cnn-test-images-idx3-ubyte.gz");
  CliResult r = runBnnc({"run", image, "--ideal", "--data", pixels});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, pixels + ": warning: 49.2 % of the values lie outside the input range [0, 1] "
                            "the image quantizes, and are clamped to it; scale the data to it "
                            "(--data-div 255 for 0..255 pixels of a model trained on [0, 1])\n");
  r = runBnnc({"run", image, "--ideal", "--data", pixels, "--data-div", "255"});
  EXPECT_EQ(r.err, "");
}

} // namespace
} // namespace bnnc::test
