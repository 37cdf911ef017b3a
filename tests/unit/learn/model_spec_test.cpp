// The model file of bnnc learn: presets, defaults, and exact error messages.
#include "bnnc/learn/model_spec.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc::learn {
namespace {

std::string errorOf(const std::string &text) {
  try {
    parseModelSpec(text, "m.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(ModelSpec, PresetsAndDefaults) {
  ModelSpec lr = loadModelSpec("logistic");
  EXPECT_EQ(lr.kind, image::NetworkKind::Logistic);
  EXPECT_EQ(lr.weight_range, 2);
  ModelSpec mlp = loadModelSpec("mlp");
  EXPECT_EQ(mlp.kind, image::NetworkKind::Mlp);
  EXPECT_EQ(mlp.hidden, 8);
  EXPECT_EQ(mlp.activation, image::Activation::Tanh);
  ModelSpec file = parseModelSpec(R"({"kind": "mlp", "hidden": 4})", "dir/wide.json");
  EXPECT_EQ(file.name, "wide"); // the file's stem when no name is given
  EXPECT_EQ(file.activation, image::Activation::Tanh);
  EXPECT_EQ(
      parseModelSpec(R"({"kind": "mlp", "hidden": 4, "activation": "relu"})", "m.json").activation,
      image::Activation::Relu);
}

TEST(ModelSpec, ErrorsNameTheKey) {
  EXPECT_EQ(errorOf(R"({"kind": "cnn"})"),
            "m.json: /kind: error: must be \"logistic\" or \"mlp\", got \"cnn\"");
  EXPECT_EQ(errorOf(R"({"name": "lr"})"), "m.json: /kind: error: required key is missing");
  EXPECT_EQ(errorOf(R"({"kind": "mlp"})"),
            "m.json: /hidden: error: required key is missing (the size of the hidden layer)");
  EXPECT_EQ(errorOf(R"({"kind": "logistic", "hidden": 3})"),
            "m.json: /hidden: error: a logistic model has no hidden layer");
  EXPECT_EQ(errorOf(R"({"kind": "mlp", "hidden": 0})"),
            "m.json: /hidden: error: must be an integer in [1, 4096], got 0");
  EXPECT_EQ(errorOf(R"({"kind": "mlp", "hidden": 2, "activation": "sigmoid"})"),
            "m.json: /activation: error: must be \"tanh\" or \"relu\", got \"sigmoid\"");
  EXPECT_EQ(errorOf(R"({"kind": "logistic", "weight_range": -1})"),
            "m.json: /weight_range: error: must be a number in (0, 1e6], got -1");
  EXPECT_EQ(errorOf(R"({"kind": "logistic", "name": "a\nb"})"),
            "m.json: /name: error: must be a non-empty printable string, got \"a\\nb\"");
  EXPECT_EQ(errorOf(R"({"kind": "logistic", "layers": 2})"),
            "m.json: /layers: error: unknown key (known: name, description, kind, hidden, "
            "activation, weight_range)");
}

TEST(ModelSpec, UnknownPreset) {
  try {
    loadModelSpec("forest");
    FAIL();
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "--model: error: unknown model preset 'forest' (known: logistic, mlp)");
  }
}

} // namespace
} // namespace bnnc::learn
