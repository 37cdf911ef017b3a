// The error texts and exit codes of bnnc sweep's command line: usage errors (options that do not
// go together) exit 2, bad values exit 1 naming the option or the file and place; no output file
// is created when the sweep cannot start.
#include "e2e/cli_util.h"
#include "sweep/sweep_util.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

struct ErrorCase {
  std::vector<std::string> args;
  int code;
  std::string err;
};

TEST(SweepCliErrors, UsageAndValues) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx");
  std::string x = sourcePath("samples/data/mnist_mlp-test-x.npy");
  std::string y = sourcePath("samples/data/mnist_mlp-test-y.npy");
  std::string out = tmp.path("o.csv"), image = tmp.path("m.bnn");
  ASSERT_EQ(runBnnc({"compile", model, "-o", image}).exit_code, 0);
  writeText(tmp.path("bad.json"), R"({"grid": [{"ber": [0.1, 1.5]}]})");
  const std::vector<ErrorCase> cases = {
      {{"sweep", "-o", out},
       2,
       "sweep: error: give a model to run, or --merge FILES to join "
       "results\n"},
      {{"sweep", model, "--merge", out},
       2,
       "--merge: error: cannot be combined with a model: it "
       "joins result files\n"},
      {{"sweep", "--merge", out, "--data", x}, 2, "--data: error: does not apply to --merge\n"},
      {{"sweep", model, "-o", out}, 2, "--data: error: is required to run a sweep\n"},
      {{"sweep", model, "--data", x},
       2,
       "-o: error: is required to run a sweep (a .csv or .jsonl "
       "file)\n"},
      {{"sweep", model, "--data", x, "-o", out, "--pareto", "energy"},
       2,
       "--pareto: error: needs accuracies: give --labels\n"},
      {{"sweep", model, "--data", x, "-o", out, "--max-loss", "1"},
       2,
       "--max-loss: error: applies to a Pareto front: give --pareto\n"},
      {{"sweep", model, "--data", x, "-o", tmp.path("o.txt")},
       1,
       "-o: error: " + tmp.path("o.txt") + " must end in .csv or .jsonl (JSON lines)\n"},
      {{"sweep", model, "--data", x, "-o", out, "--shard", "4/4"},
       1,
       "--shard: error: must be I/N with 0 <= I < N (I counts from 0, as Slurm's --array=0-(N-1) "
       "does), got '4/4'\n"},
      {{"sweep", model, "--data", x, "-o", out, "--ber", "0.1,2"},
       1,
       "--ber: error: must be a number in [0, 1], got 2\n"},
      {{"sweep", model, "--data", x, "-o", out, "--sweep", tmp.path("bad.json")},
       1,
       tmp.path("bad.json") + ": /grid/0/ber/1: error: must be a number in [0, 1], got 1.5\n"},
      {{"sweep", image, "--data", x, "-o", out, "--tile", "64"},
       1,
       "--tile: error: architecture parameters need an ONNX model, compiled for each "
       "architecture; " +
           image + " is a chip image\n"},
      {{"sweep", model, "--data", x, "-o", out, "--ber", "0.1", "--cycles", "1e9"},
       1,
       "--cycles: error: cannot be combined with ber (--ber): an injected BER replaces the "
       "device model\n"},
      {{"sweep", model, "--data", x, "-o", out, "--labels", y, "--pareto", "area"},
       1,
       "--pareto: error: unknown cost 'area' (known: energy, programming-energy, latency, "
       "programming-time, cells, tiles, or their column names)\n"},
      {{"sweep", model, "--data", x, "-o", out, "--samples", "401"},
       1,
       "--samples: error: must be in [1, 400] (the samples in " + x + "), got 401\n"},
      {{"sweep", model, "--data", x, "-o", out, "--data-div", "-1"},
       1,
       "--data-div: error: must be a positive number\n"},
      {{"sweep", model, "--data", x, "-o", out, "--threads", "0"},
       1,
       "--threads: error: must be at least 1, got 0\n"},
      {{"sweep", model, "--data", x, "-o", out, "--labels", y, "--pareto", "energy", "--max-loss",
        "150"},
       1,
       "--max-loss: error: must be a number of accuracy points in [0, 100], got 150\n"},
      {{"sweep", model, "--data", x, "-o", out, "-o", out},
       1,
       "-o: error: " + out + " is given twice\n"},
      {{"sweep", "--merge", tmp.path("a.csv"), "-o", out, "-o", tmp.path("o.jsonl")},
       2,
       "-o: error: --merge writes one file, got 2\n"},
  };
  for (const ErrorCase &c : cases) {
    CliResult r = runBnnc(c.args);
    EXPECT_EQ(r.exit_code, c.code) << c.args.back() << ": " << r.err;
    EXPECT_EQ(r.err, c.err);
    EXPECT_FALSE(std::filesystem::exists(out)) << c.err; // checked before any output is opened
  }
  // A model that does not fit a point's architecture names the point.
  CliResult fit = runBnnc({"sweep", model, "--data", x, "-o", out, "--tile", "128,16"});
  EXPECT_EQ(fit.exit_code, 1);
  EXPECT_EQ(fit.err, "sweep point 1 (tile_rows=16, tile_cols=16): " + model +
                         ": error: the model needs 1776 tiles, the architecture 'default' has 64 "
                         "(layer '/fc1/MatMul' needs 1176 of 16x16)\n");
  EXPECT_FALSE(std::filesystem::exists(out));
}

// Output files that cannot be written: a full disk (/dev/full behind the name), a directory that
// does not exist, a plots directory under a file. Exit code 1, the file and the system's reason.
TEST(SweepCliErrors, OutputsThatCannotBeWritten) {
  TempDir tmp;
  std::vector<std::string> run = {"sweep",     sourcePath("samples/models/mnist_mlp.onnx"),
                                  "--data",    sourcePath("samples/data/mnist_mlp-test-x.npy"),
                                  "--labels",  sourcePath("samples/data/mnist_mlp-test-y.npy"),
                                  "--samples", "10",
                                  "--ber",     "0"};
  auto with = [&](std::vector<std::string> flags) {
    std::vector<std::string> args = run;
    args.insert(args.end(), flags.begin(), flags.end());
    return runBnnc(args);
  };
  std::filesystem::create_symlink("/dev/full", tmp.path("full.csv"));
  CliResult r = with({"-o", tmp.path("full.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, tmp.path("full.csv") + ": error: cannot write: No space left on device\n");
  r = with({"-o", tmp.path("missing/o.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, tmp.path("missing/o.csv") +
                       ": error: cannot open file for writing: No such file or directory\n");
  writeText(tmp.path("file"), "");
  r = with({"-o", tmp.path("o.csv"), "--plots", tmp.path("file/plots")});
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> err = lines(r.err); // progress lines first
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.back(),
            tmp.path("file/plots") + ": error: cannot create directory: Not a directory");
}

} // namespace
} // namespace bnnc::test
