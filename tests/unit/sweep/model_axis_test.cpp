// The model as a parameter (docs/sweep-format.md): set in the base or swept, each point resolved
// with its own model's defaults (an image's architecture and condition), architecture
// parameters refused point by point for an image.
#include "bnnc/support/error.h"
#include "bnnc/sweep/resolve.h"
#include "bnnc/sweep/sweep.h"

#include <gtest/gtest.h>
#include <sstream>

namespace bnnc::sweep {
namespace {

// m.onnx is an ONNX model; anything else a chip image of condition low-energy.
Defaults defaultsOf(const std::string &model) {
  bool onnx = model.size() > 5 && model.substr(model.size() - 5) == ".onnx";
  return {onnx, model, mapping::defaultArch(), onnx ? "typical" : "low-energy"};
}

TEST(SweepModelAxis, EachPointRunsItsModelWithItsDefaults) {
  Plan plan(
      parseSpec(R"({"grid": [{"model": ["m.onnx", "m.bnn"]}, {"ber": [0.1]}]})", "sweep.json"));
  Resolver resolver(plan, defaultsOf);
  EXPECT_EQ(plan.columns(), (std::vector<std::string>{"model", "ber"}));
  PointConfig onnx = resolver.resolve(plan.at(0)), image = resolver.resolve(plan.at(1));
  EXPECT_EQ(onnx.model, "m.onnx");
  EXPECT_EQ(onnx.condition, "typical");
  EXPECT_EQ(image.model, "m.bnn");
  EXPECT_EQ(image.condition, "low-energy");
  EXPECT_EQ(resolver.column(image, plan.at(1), "model"), json("m.bnn"));
}

TEST(SweepModelAxis, ArchitectureParametersOnAnImagePointAreRefused) {
  Plan plan(parseSpec(R"({"base": {"tile_rows": 64}, "points": [{"model": "m.onnx"},
                         {"model": "m.bnn"}]})",
                      "sweep.json"));
  Resolver resolver(plan, defaultsOf);
  EXPECT_EQ(resolver.resolve(plan.at(0)).arch.tile_rows, 64);
  try {
    resolver.resolve(plan.at(1));
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "sweep.json: /base/tile_rows: error: architecture parameters need an "
                           "ONNX model, compiled for each architecture; m.bnn is a chip image");
  }
}

TEST(SweepModelAxis, EveryPointNeedsAModel) {
  auto sets = [](const std::string &text) { return setsModel(parseSpec(text, "s.json")); };
  EXPECT_TRUE(sets(R"({"base": {"model": "m.onnx"}})"));
  EXPECT_TRUE(sets(R"({"grid": [{"model": ["a.onnx", "b.onnx"]}, {"ber": [0.1]}]})"));
  EXPECT_TRUE(sets(R"({"points": [{"model": "a.onnx"}, {"model": "b.bnn"}]})"));
  EXPECT_FALSE(sets(R"({})"));
  EXPECT_FALSE(sets(R"({"grid": [{"ber": [0.1]}]})"));
  EXPECT_FALSE(sets(R"({"grid": [{"model": ["a.onnx"]}], "points": [{"ber": 0.1}]})"));
  try {
    parseSpec(R"({"base": {"model": ""}})", "s.json");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "s.json: /base/model: error: must be a non-empty string, got \"\"");
  }
  // The library refuses such a sweep before it compiles or reads anything.
  Job job;
  job.spec = parseSpec(R"({"grid": [{"ber": [0.1]}]})", "s.json");
  std::ostringstream err;
  try {
    Sweep sweep(job, err);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "sweep: error: no model to run: set \"model\" in the base, or on a "
                           "grid axis and in every explicit point");
  }
}

} // namespace
} // namespace bnnc::sweep
