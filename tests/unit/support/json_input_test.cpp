// The strict JSON reader shared by every JSON input file: exact messages.
#include "bnnc/support/error.h"
#include "bnnc/support/json_input.h"

#include <gtest/gtest.h>

namespace bnnc {
namespace {

std::string errorOf(const std::string &text) {
  try {
    parseJsonObject(text, "f.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(JsonInput, ParsesAnObjectInFileOrder) {
  InputJson doc = parseJsonObject(R"({"b": 1, "a": [true, {"c": "x"}]})", "f.json");
  ASSERT_EQ(doc.size(), 2u);
  EXPECT_EQ(doc.begin().key(), "b");
  EXPECT_EQ(doc["a"][1]["c"], "x");
}

TEST(JsonInput, ErrorsAreOneLineNamingThePlace) {
  EXPECT_EQ(errorOf("{\"a\": 1,\n}"), "f.json: line 2, column 1: error: syntax error while "
                                      "parsing object key - unexpected '}'; expected string "
                                      "literal");
  EXPECT_EQ(errorOf("{\"a\": -1e400}"), "f.json: error: number overflow parsing '-1e400'");
  EXPECT_EQ(errorOf("[1]"), "f.json: top level: error: must be a JSON object, got an array");
  EXPECT_EQ(errorOf("\"x\""), "f.json: top level: error: must be a JSON object, got \"x\"");
  EXPECT_EQ(errorOf("{\"a\": 1, \"a\": 2}"), "f.json: /a: error: duplicate key");
  // At any depth, with array indices and escaped keys in the pointer.
  EXPECT_EQ(errorOf(R"({"g": [{"x": 1}, {"a/b": 1, "y": 2, "a/b": 3}]})"),
            "f.json: /g/1/a~1b: error: duplicate key");
  EXPECT_EQ(errorOf("{\"k\\n\": {\"z\": 1, \"z\": 1}}"),
            "f.json: \"/k\\n/z\": error: duplicate key");
  // The same key in two objects is no duplicate.
  EXPECT_EQ(errorOf(R"({"a": {"x": 1}, "b": {"x": 1}})"), "");
}

TEST(JsonInput, DeepNestingNeitherRecursesNorOverflows) {
  std::string deep = "{\"a\": " + std::string(200000, '[') + std::string(200000, ']') + "}";
  InputJson doc = parseJsonObject(deep, "f.json");
  EXPECT_EQ(describeJson(doc["a"]), "an array");
}

TEST(JsonInput, PointersAndPlaces) {
  EXPECT_EQ(childPointer("", "a/b~c"), "/a~1b~0c");
  EXPECT_EQ(childPointer("/grid", 3), "/grid/3");
  EXPECT_EQ(pointerPlace(""), "top level");
  EXPECT_EQ(pointerPlace("/lrs/median_ohm"), "/lrs/median_ohm");
  EXPECT_EQ(pointerPlace("/a\tb"), "\"/a\\tb\"");
}

TEST(JsonInput, DescribedValuesAreShort) {
  EXPECT_EQ(describeJson(InputJson::object()), "an object");
  EXPECT_EQ(describeJson(nullptr), "null");
  EXPECT_EQ(describeJson(2.5), "2.5");
  EXPECT_EQ(describeJson("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(describeJson(std::string(50, 'x')), "\"" + std::string(39, 'x') + "...");
  // A cut never splits a UTF-8 character: "é" is 2 bytes, the 40th byte would split one.
  std::string accents;
  for (int i = 0; i < 30; ++i)
    accents += "\xc3\xa9";
  std::string cut = "\"";
  cut.append(accents, 0, 38).append("...");
  EXPECT_EQ(describeJson(accents), cut);
}

} // namespace
} // namespace bnnc
