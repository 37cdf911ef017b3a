// Identical inputs give identical bytes: the image, the schedule and the report of a compile,
// run after run; the outputs and report of a run, for any thread count (with the same seed).
#include "malformed/malformed_util.h"
#include "unit/onnx/model_builder_util.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <random>

namespace bnnc::test {
namespace {

// x[N,1,6,6] binarized -> Conv 3x3 (4 channels) -> BatchNormalization -> binarize -> Flatten ->
// MatMul (144 -> 3): two layers with random +-1 weights and statistics (seed printed on failure).
std::string writeConvModel(const TempDir &tmp, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pm = [&](size_t n) {
    std::vector<float> v(n);
    for (float &x : v)
      x = rng() & 1 ? 1.f : -1.f;
    return v;
  };
  auto uniform = [&](size_t n, float lo, float hi) {
    std::vector<float> v(n);
    for (float &x : v)
      x = lo + (hi - lo) * float(rng() % 1000) / 1000.f;
    return v;
  };
  ModelBuilder b;
  binarizedInput(b, {-1, 1, 6, 6});
  b.initializer("K", {4, 1, 3, 3}, pm(36)).initializer("g", {4}, uniform(4, -1, 1));
  b.initializer("beta", {4}, uniform(4, -1, 1)).initializer("mu", {4}, uniform(4, -3, 3));
  b.initializer("var", {4}, uniform(4, 0.5f, 2)).initializer("W", {144, 3}, pm(432));
  b.node("Conv", {"s", "K"}, {"c"}, {attrInts("pads", {1, 1, 1, 1})}, "conv");
  b.node("BatchNormalization", {"c", "g", "beta", "mu", "var"}, {"n"}, {}, "bn");
  b.node("GreaterOrEqual", {"n", "zero"}, {"ge1"}, {}, "ge1");
  b.node("Where", {"ge1", "one", "minus"}, {"a"}, {}, "bin1");
  b.node("Flatten", {"a"}, {"f"}, {}, "flat");
  b.node("MatMul", {"f", "W"}, {"y"}, {}, "fc");
  b.output("y");
  std::string path = tmp.path("conv.onnx");
  saveBytes(path, b.bytes());
  return path;
}

std::string writeSamples(const TempDir &tmp, uint32_t seed, int count) {
  std::mt19937 rng(seed);
  std::vector<float> values(size_t(count) * 36);
  for (float &v : values)
    v = float(int(rng() % 201) - 100) / 100.f;
  std::string path = tmp.path("x.npy");
  saveBytes(path, npyBytes("<f4", {count, 1, 6, 6}, f32Bytes(values)));
  return path;
}

TEST(Determinism, CompileGivesIdenticalBytes) {
  const uint32_t seed = 77;
  SCOPED_TRACE("seed " + std::to_string(seed));
  TempDir tmp;
  std::string model = writeConvModel(tmp, seed);
  std::vector<std::string> first;
  for (int round = 0; round < 2; ++round) {
    std::string image = tmp.path("m.bnn"), sched = tmp.path("m.csv"), report = tmp.path("m.json");
    for (const std::string &f : {image, sched, report}) // a round must write its own files
      std::filesystem::remove(f);
    CliResult r = runBnnc({"compile", model, "-o", image, "--schedule", sched, "--report", report});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> now = {loadBytes(image), loadBytes(sched), loadBytes(report), r.out};
    for (const std::string &bytes : now)
      EXPECT_FALSE(bytes.empty());
    if (round == 0)
      first = now;
    else
      EXPECT_EQ(now, first);
  }
}

TEST(Determinism, RunIsIndependentOfTheThreadCount) {
  const uint32_t seed = 78;
  SCOPED_TRACE("seed " + std::to_string(seed));
  TempDir tmp;
  std::string model = writeConvModel(tmp, seed), image = tmp.path("m.bnn");
  ASSERT_EQ(runBnnc({"compile", model, "-o", image}).exit_code, 0);
  std::string data = writeSamples(tmp, seed, 37);
  // The ideal chip, the reference interpreter and virtual chips with device errors.
  const std::vector<std::vector<std::string>> runs = {
      {"run", image, "--data", data, "--ideal"},
      {"run", model, "--data", data},
      {"run", image, "--data", data, "--chips", "3", "--seed", "9", "--ber", "0.05"}};
  for (const std::vector<std::string> &base : runs) {
    std::vector<std::string> first;
    for (const char *threads : {"1", "2", "5"}) {
      SCOPED_TRACE(base[1] + " with " + threads + " threads");
      std::vector<std::string> args = base;
      std::string out = tmp.path("o.npy"), json = tmp.path("r.json");
      std::filesystem::remove(out); // a run must write its own files
      std::filesystem::remove(json);
      args.insert(args.end(), {"--outputs", out, "--json", json, "--threads", threads});
      CliResult r = runBnnc(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      Outputs o = loadOutputs(out);
      EXPECT_EQ(o.rows, 37);
      EXPECT_EQ(o.cols, 3);
      std::vector<std::string> now = {loadBytes(out), loadBytes(json)};
      if (first.empty())
        first = now;
      else
        EXPECT_EQ(now, first);
    }
  }
}

} // namespace
} // namespace bnnc::test
