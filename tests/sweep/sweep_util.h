// Helpers of the end-to-end sweep tests: shell commands, files, and the sweep of the issue on the
// MNIST sample (samples/cluster/mnist-sweep.json: 2 tile sizes x 3 conditions x 6 BERs, 5 chips)
// on its first 100 test digits, as one run for the sharded runs to equal.
#pragma once

#include "e2e/cli_util.h" // quoteArg, readText, runBnnc, TempDir

#include <string>
#include <vector>

namespace bnnc::test {

struct ShellResult {
  int exit_code = 0;
  std::string out, err;
};
// Runs `command` with sh in `dir`, capturing stdout and stderr.
ShellResult shell(const std::string &command, const std::string &dir);

void writeText(const std::string &path, const std::string &text);
std::vector<std::string> lines(const std::string &text); // without their "\n"

// The bnnc sweep arguments of the MNIST study (model, data, labels, description, 100 samples).
std::vector<std::string> mnistSweepArgs();
// The same as environment settings for the scripts of samples/cluster.
std::string mnistSweepEnv();

} // namespace bnnc::test
