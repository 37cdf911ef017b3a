// The sharded path for real, with the scripts of samples/cluster: the MNIST study as a Slurm job
// array on a single-node Slurm started here, with GNU parallel, and under make -j; each merged
// result must equal the single run byte for byte.
#include "e2e/cli_util.h"
#include "sweep/slurm_util.h"
#include "sweep/sweep_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// The single run the sharded ones must equal, as CSV and JSON lines in `dir`.
void singleRun(const TempDir &dir) {
  std::vector<std::string> args = {"sweep"};
  std::vector<std::string> base = mnistSweepArgs();
  args.insert(args.end(), base.begin(), base.end());
  args.insert(args.end(), {"-o", dir.path("one.csv"), "-o", dir.path("one.jsonl")});
  CliResult r = runBnnc(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(SweepCluster, SlurmJobArray) {
  TempDir tmp;
  singleRun(tmp);
  SlurmCluster slurm(tmp.path("slurm"));
  ASSERT_EQ(slurm.error(), "");
  // submit.sh: a 4-task array of sweep.sbatch, then the merge as a dependent job. SBATCH_OUTPUT
  // puts the task logs here.
  std::string out = tmp.path("out");
  ShellResult r = shell(slurm.env() + " " + mnistSweepEnv() + " OUT=" + quoteArg(out) +
                            " SHARDS=4 SBATCH_OUTPUT=" + quoteArg(tmp.path("task-%a.log")) + " " +
                            quoteArg(sourcePath("samples/cluster/submit.sh")),
                        tmp.path(""));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // "array 1, merge 2"
  std::string array = r.out.substr(6, r.out.find(',') - 6);
  std::string merge = r.out.substr(r.out.find("merge ") + 6);
  merge = merge.substr(0, merge.find('\n'));
  ASSERT_EQ(slurm.wait(array + "," + merge, 120), "") << readText(tmp.path("task-0.log"));
  for (int i = 0; i < 4; ++i) // every task ran its own shard
    EXPECT_NE(readText(tmp.path("task-" + std::to_string(i) + ".log"))
                  .find("shard " + std::to_string(i) + "/4"),
              std::string::npos)
        << readText(tmp.path("task-" + std::to_string(i) + ".log"));
  EXPECT_EQ(readText(out + "/sweep.csv"), readText(tmp.path("one.csv")));
  EXPECT_EQ(readText(out + "/sweep.jsonl"), readText(tmp.path("one.jsonl")));
  std::string pareto = readText(out + "/pareto.txt");
  EXPECT_EQ(pareto.rfind("merge: 36 points from 4 file(s) into " + out + "/sweep.csv\n", 0), 0u)
      << pareto;
  EXPECT_NE(pareto.find("cheapest point within 0.5 accuracy points"), std::string::npos);
}

TEST(SweepCluster, GnuParallel) {
  TempDir tmp;
  singleRun(tmp);
  std::string out = tmp.path("out");
  ShellResult r = shell(mnistSweepEnv() + " OUT=" + quoteArg(out) + " SHARDS=4 JOBS=2 " +
                            quoteArg(sourcePath("samples/cluster/parallel.sh")),
                        tmp.path(""));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(readText(out + "/sweep.csv"), readText(tmp.path("one.csv")));
  EXPECT_EQ(readText(out + "/sweep.jsonl"), readText(tmp.path("one.jsonl")));
}

TEST(SweepCluster, MakeJobs) {
  TempDir tmp;
  singleRun(tmp);
  std::string out = tmp.path("out");
  std::string vars = "BNNC=" + quoteArg(BNNC_BINARY) +
                     " MODEL=" + quoteArg(sourcePath("samples/models/mnist_mlp.onnx")) +
                     " DATA=" + quoteArg(sourcePath("samples/data/mnist_mlp-test-x.npy")) +
                     " LABELS=" + quoteArg(sourcePath("samples/data/mnist_mlp-test-y.npy")) +
                     " SWEEP=" + quoteArg(sourcePath("samples/cluster/mnist-sweep.json")) +
                     " BNNC_FLAGS='--samples 100' OUT=" + quoteArg(out) + " SHARDS=3";
  ShellResult r = shell(
      "make -j2 -f " + quoteArg(sourcePath("samples/cluster/Makefile")) + " " + vars, tmp.path(""));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(readText(out + "/sweep.csv"), readText(tmp.path("one.csv")));
  // Nothing left to do: make finds every shard done.
  ShellResult again = shell(
      "make -f " + quoteArg(sourcePath("samples/cluster/Makefile")) + " " + vars, tmp.path(""));
  EXPECT_NE(again.out.find("is up to date"), std::string::npos) << again.out;
}

} // namespace
} // namespace bnnc::test
