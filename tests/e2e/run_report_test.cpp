// bnnc run on the MNIST sample as MNIST ships its data (IDX, gzipped, 0..255 pixels): the chip's
// accuracy equals the reference interpreter's and PyTorch's on all 2,000 test digits, and the JSON
// report carries samples, accuracy and predictions.
#include "e2e/cli_util.h"

#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::test {
namespace {

nlohmann::json readJson(const std::string &path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(RunReport, MnistFromIdxMatchesPyTorchAccuracy) {
  TempDir tmp;
  std::string model = sourcePath("samples/models/mnist_mlp.onnx");
  std::string images = sourcePath("samples/data/mnist_mlp-test-images-idx3-ubyte.gz");
  std::string labels = sourcePath("samples/data/mnist_mlp-test-labels-idx1-ubyte.gz");
  double torch_accuracy = readJson(sourcePath("samples/models/mnist_mlp.json"))["torch_accuracy"];
  ASSERT_EQ(runBnnc({"compile", model, "-o", tmp.path("m.bnn")}).exit_code, 0);
  for (const std::string &target : {tmp.path("m.bnn"), model}) {
    std::vector<std::string> args = {"run", target, "--data", images, "--labels", labels,
                                     "--data-div", "255", "--json", tmp.path("r.json"),
                                     "--threads", "2"};
    if (target != model) // the exact ideal chip
      args.push_back("--ideal");
    CliResult r = runBnnc(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = readJson(tmp.path("r.json"));
    EXPECT_EQ(j["samples"], 2000);
    EXPECT_EQ(j["predictions"].size(), 2000u);
    EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), torch_accuracy) << target;
    EXPECT_NE(r.out.find("accuracy: "), std::string::npos);
  }
}

TEST(RunReport, SameResultAtAnyThreadCount) {
  TempDir tmp;
  std::string x = sourcePath("samples/data/mnist_mlp-test-x.npy");
  ASSERT_EQ(runBnnc({"compile", sourcePath("samples/models/mnist_mlp.onnx"), "-o", tmp.path("m.bnn")})
                .exit_code,
            0);
  ASSERT_EQ(runBnnc({"run", tmp.path("m.bnn"), "--data", x, "--outputs", tmp.path("a.npy"),
                     "--ideal"})
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
  std::string ia((std::istreambuf_iterator<char>(a)), {}), ib((std::istreambuf_iterator<char>(b)), {});
  EXPECT_FALSE(ia.empty());
  EXPECT_EQ(ia, ib);
}

} // namespace
} // namespace bnnc::test
