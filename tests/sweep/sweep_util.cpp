#include "sweep/sweep_util.h"
#include "e2e/cli_util.h"

#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace bnnc::test {

void writeText(const std::string &path, const std::string &text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);)
    out.push_back(line);
  return out;
}

ShellResult shell(const std::string &command, const std::string &dir) {
  TempDir tmp;
  std::string cmd = "cd " + quoteArg(dir) + " && { " + command + " ; } >" +
                    quoteArg(tmp.path("out")) + " 2>" + quoteArg(tmp.path("err")) + " </dev/null";
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, readText(tmp.path("out")),
          readText(tmp.path("err"))};
}

std::vector<std::string> mnistSweepArgs() {
  return {sourcePath("samples/models/mnist_mlp.onnx"),
          "--data",
          sourcePath("samples/data/mnist_mlp-test-x.npy"),
          "--labels",
          sourcePath("samples/data/mnist_mlp-test-y.npy"),
          "--sweep",
          sourcePath("samples/cluster/mnist-sweep.json"),
          "--samples",
          "100"};
}

std::string mnistSweepEnv() {
  return "BNNC=" + quoteArg(BNNC_BINARY) +
         " MODEL=" + quoteArg(sourcePath("samples/models/mnist_mlp.onnx")) +
         " DATA=" + quoteArg(sourcePath("samples/data/mnist_mlp-test-x.npy")) +
         " LABELS=" + quoteArg(sourcePath("samples/data/mnist_mlp-test-y.npy")) +
         " SWEEP=" + quoteArg(sourcePath("samples/cluster/mnist-sweep.json")) +
         " BNNC_FLAGS='--samples 100'";
}

} // namespace bnnc::test
