// The technology file: data/technology.json equals the compiled-in default, every constant has a
// source, and malformed files give exact messages with JSON pointers.
#include "bnnc/energy/energy.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <gtest/gtest.h>

namespace bnnc::energy {
namespace {

const char *kPath = BNNC_SOURCE_DIR "/data/technology.json";

TEST(Technology, DataFileEqualsCompiledInDefault) {
  EXPECT_EQ(loadTechnology(kPath), defaultTechnology());
}

// Every constant says where it comes from: a derivation or a calibration guess (no published
// figure is taken as is), and a source is more than a word.
TEST(Technology, EveryConstantHasASource) {
  auto doc = nlohmann::json::parse(readFileText(kPath));
  int constants = 0;
  for (const auto &[key, value] : doc.items()) {
    if (key == "name" || key == "description")
      continue;
    ++constants;
    std::string source = value.at("source").get<std::string>();
    bool derived = source.rfind("derivation", 0) == 0;
    bool guessed = source.rfind("calibration guess: ", 0) == 0;
    EXPECT_TRUE(derived || guessed) << key << ": " << source;
    EXPECT_GT(source.size(), 100u) << key;
  }
  EXPECT_EQ(constants, 10);
}

// A valid file whose constants are 1 fJ, as text, for the error tests to edit.
std::string validText() {
  nlohmann::ordered_json doc = {{"name", "t"}};
  for (const char *key : {"sense_read_fj", "sense_read_1t1r_fj", "popcount_bit_fj", "compare_fj",
                          "buffer_read_bit_fj", "buffer_write_bit_fj", "control_cycle_fj",
                          "leakage_tile_cycle_fj", "logic_gate_fj", "gate_delay_ps"})
    doc[key] = {{"value", 1}, {"source", "s"}};
  return doc.dump();
}

std::string errorOf(const std::string &text) {
  try {
    parseTechnology(text, "tech.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "no error";
}

// The valid text with one member replaced ("compare_fj" -> `value`) or removed (null).
std::string edited(const std::string &key, const nlohmann::ordered_json &value) {
  auto doc = nlohmann::ordered_json::parse(validText());
  if (value.is_null())
    doc.erase(key);
  else
    doc[key] = value;
  return doc.dump();
}

TEST(Technology, ParsesAValidFile) {
  Technology t = parseTechnology(edited("compare_fj", {{"source", "x"}, {"value", 32.5}}), "t");
  EXPECT_EQ(t.name, "t");
  EXPECT_EQ(t.compare_fj, 32.5);
  EXPECT_EQ(t.sense_read_fj, 1);
  EXPECT_EQ(t.leakage_tile_cycle_fj, 1);
  // A zero energy is allowed (e.g. to leave leakage out), and a description is optional.
  EXPECT_EQ(parseTechnology(edited("leakage_tile_cycle_fj", {{"value", 0}, {"source", "s"}}), "t")
                .leakage_tile_cycle_fj,
            0);
  EXPECT_EQ(parseTechnology(edited("description", "d"), "t").name, "t");
}

TEST(Technology, ValueErrors) {
  EXPECT_EQ(errorOf(edited("compare_fj", {{"value", -1}, {"source", "s"}})),
            "tech.json: /compare_fj/value: error: must be a non-negative number, got -1");
  EXPECT_EQ(errorOf(edited("sense_read_fj", {{"value", "25"}, {"source", "s"}})),
            "tech.json: /sense_read_fj/value: error: must be a non-negative number, got \"25\"");
  EXPECT_EQ(errorOf(edited("sense_read_fj", {{"value", true}, {"source", "s"}})),
            "tech.json: /sense_read_fj/value: error: must be a non-negative number, got true");
  EXPECT_EQ(errorOf(edited("control_cycle_fj", 200)),
            "tech.json: /control_cycle_fj: error: must be an object with \"value\" and "
            "\"source\", got 200");
}

TEST(Technology, SourceErrors) {
  EXPECT_EQ(errorOf(edited("compare_fj", {{"value", 1}, {"source", ""}})),
            "tech.json: /compare_fj/source: error: must be a non-empty string, got \"\"");
  EXPECT_EQ(errorOf(edited("compare_fj", {{"value", 1}, {"source", 3}})),
            "tech.json: /compare_fj/source: error: must be a non-empty string, got 3");
  EXPECT_EQ(errorOf(edited("compare_fj", {{"value", 1}})),
            "tech.json: /compare_fj: error: missing key \"source\"");
  EXPECT_EQ(errorOf(edited("compare_fj", {{"source", "s"}})),
            "tech.json: /compare_fj: error: missing key \"value\"");
}

TEST(Technology, KeyErrors) {
  EXPECT_EQ(errorOf(edited("sense_read_pj", {{"value", 1}, {"source", "s"}})),
            "tech.json: /sense_read_pj: error: unknown key (known: name, description, "
            "sense_read_fj, sense_read_1t1r_fj, popcount_bit_fj, compare_fj, buffer_read_bit_fj, "
            "buffer_write_bit_fj, control_cycle_fj, leakage_tile_cycle_fj, logic_gate_fj, "
            "gate_delay_ps)");
  EXPECT_EQ(errorOf(edited("compare_fj", {{"value", 1}, {"source", "s"}, {"unit", "fJ"}})),
            "tech.json: /compare_fj/unit: error: unknown key (known: value, source)");
  EXPECT_EQ(errorOf(edited("buffer_write_bit_fj", nullptr)),
            "tech.json: top level: error: missing key \"buffer_write_bit_fj\"");
  EXPECT_EQ(errorOf(edited("name", nullptr)), "tech.json: top level: error: missing key \"name\"");
  EXPECT_EQ(errorOf(edited("name", 7)), "tech.json: /name: error: must be a string, got 7");
  EXPECT_EQ(errorOf(edited("name", "")),
            "tech.json: /name: error: must be a string of 1 to 255 bytes, got 0 bytes");
  EXPECT_EQ(errorOf(edited("description", nlohmann::ordered_json::array())),
            "tech.json: /description: error: must be a string, got an array");
  // A JSON pointer escapes "/" as "~1".
  EXPECT_EQ(errorOf(edited("a/b", 1)),
            "tech.json: /a~1b: error: unknown key (known: name, description, sense_read_fj, "
            "sense_read_1t1r_fj, popcount_bit_fj, compare_fj, buffer_read_bit_fj, "
            "buffer_write_bit_fj, control_cycle_fj, leakage_tile_cycle_fj, logic_gate_fj, "
            "gate_delay_ps)");
  EXPECT_EQ(errorOf(edited("gate_delay_ps", nullptr)),
            "tech.json: top level: error: missing key \"gate_delay_ps\"");
}

TEST(Technology, DuplicateKeys) {
  std::string text = validText();
  std::string top = text.substr(0, text.size() - 1) + ",\"name\":\"u\"}";
  EXPECT_EQ(errorOf(top), "tech.json: /name: error: duplicate key");
  std::string nested = text;
  nested.replace(nested.find("\"source\":\"s\""), 12, "\"source\":\"s\",\"value\":2");
  EXPECT_EQ(errorOf(nested), "tech.json: /sense_read_fj/value: error: duplicate key");
}

TEST(Technology, SyntaxAndTypeErrors) {
  EXPECT_EQ(errorOf("{\n  \"name\": \"t\",\n}"),
            "tech.json: line 3, column 1: error: syntax error while parsing object key - "
            "unexpected '}'; expected string literal");
  EXPECT_EQ(errorOf("[1, 2]"), "tech.json: top level: error: must be a JSON object, got an array");
  std::string overflow = validText();
  overflow.replace(overflow.find("\"value\":1"), 9, "\"value\":1e400");
  EXPECT_EQ(errorOf(overflow), "tech.json: error: number overflow parsing '1e400'");
}

TEST(Technology, MissingFile) {
  try {
    loadTechnology("/nonexistent/technology.json");
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/technology.json: error: cannot open file: No such file or directory");
  }
}

} // namespace
} // namespace bnnc::energy
