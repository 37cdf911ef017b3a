// The architecture file: defaults, the shipped default file, and every error text.
#include "bnnc/mapping/arch.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc::mapping {
namespace {

// The message of the bnnc::Error that parseArch throws on `text` (empty if it does not throw).
std::string parseError(const std::string &text) {
  try {
    parseArch(text, "arch.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(Arch, DefaultFileEqualsCompiledInDefault) {
  EXPECT_EQ(loadArch(BNNC_SOURCE_DIR "/data/arch/default.json"), defaultArch());
}

TEST(Arch, DefaultValues) {
  Arch a = defaultArch();
  EXPECT_EQ(a.name, "default");
  EXPECT_EQ(a.tile_rows, 128);
  EXPECT_EQ(a.tile_cols, 128);
  EXPECT_EQ(a.popcount_bits, 8);
  EXPECT_EQ(a.tiles, 64);
  EXPECT_EQ(a.clock_mhz, 100);
  EXPECT_FALSE(checkArch(a).has_value());
}

TEST(Arch, ParsesEveryField) {
  Arch a = parseArch(R"({"name": "small", "tile_rows": 32, "tile_cols": 64,
                         "popcount_bits": 7, "tiles": 4, "clock_mhz": 12.5})",
                     "arch.json");
  EXPECT_EQ(a, (Arch{"small", 32, 64, 7, 4, 12.5}));
}

TEST(Arch, MissingKeysKeepDefaults) {
  Arch expected = defaultArch();
  expected.tiles = 8;
  EXPECT_EQ(parseArch(R"({"tiles": 8})", "arch.json"), expected);
  EXPECT_EQ(parseArch("{}", "arch.json"), defaultArch());
}

TEST(Arch, IntegerFieldErrors) {
  EXPECT_EQ(parseError(R"({"tile_rows": -3})"),
            "arch.json: /tile_rows: error: must be a positive integer, got -3");
  EXPECT_EQ(parseError(R"({"tile_rows": 0})"),
            "arch.json: /tile_rows: error: must be a positive integer, got 0");
  EXPECT_EQ(parseError(R"({"tile_cols": 1.5})"),
            "arch.json: /tile_cols: error: must be a positive integer, got 1.5");
  EXPECT_EQ(parseError(R"({"tiles": "64"})"),
            "arch.json: /tiles: error: must be a positive integer, got \"64\"");
  EXPECT_EQ(parseError(R"({"tile_rows": 4097})"),
            "arch.json: /tile_rows: error: must be at most 4096, got 4097");
  EXPECT_EQ(parseError(R"({"tiles": 18446744073709551615})"),
            "arch.json: /tiles: error: must be at most 65536, got 18446744073709551615");
  EXPECT_EQ(parseError(R"({"popcount_bits": 33})"),
            "arch.json: /popcount_bits: error: must be at most 32, got 33");
}

TEST(Arch, OtherFieldErrors) {
  EXPECT_EQ(parseError(R"({"clock_mhz": 0})"),
            "arch.json: /clock_mhz: error: must be a positive number, got 0");
  EXPECT_EQ(parseError(R"({"clock_mhz": "fast"})"),
            "arch.json: /clock_mhz: error: must be a positive number, got \"fast\"");
  EXPECT_EQ(parseError(R"({"clock_mhz": 1e6})"),
            "arch.json: /clock_mhz: error: must be at most 100000, got 1000000");
  EXPECT_EQ(parseError(R"({"name": ""})"),
            "arch.json: /name: error: must be a string of 1 to 255 bytes, got 0 bytes");
  EXPECT_EQ(parseError(R"({"name": 5})"), "arch.json: /name: error: must be a string, got 5");
  EXPECT_EQ(parseError(R"({"spare_cols": -1})"),
            "arch.json: /spare_cols: error: must be a non-negative integer, got -1");
  EXPECT_EQ(parseError(R"({"spare_cols": 1.5})"),
            "arch.json: /spare_cols: error: must be a non-negative integer, got 1.5");
  EXPECT_EQ(parseError(R"({"tile_cols": 16, "popcount_bits": 5, "spare_cols": 20})"),
            "arch.json: /spare_cols: error: must be in [0, tile_cols = 16], got 20");
  EXPECT_EQ(parseArch(R"({"spare_cols": 8})", "arch.json").spare_cols, 8);
}

TEST(Arch, UnknownAndDuplicateKeys) {
  EXPECT_EQ(parseError(R"({"tile_row": 128})"),
            "arch.json: /tile_row: error: unknown key (known: name, tile_rows, tile_cols, "
            "popcount_bits, tiles, clock_mhz, spare_cols)");
  // The pointer escapes '~' and '/' (RFC 6901).
  EXPECT_EQ(parseError(R"({"a~b/c": 1})"),
            "arch.json: /a~0b~1c: error: unknown key (known: name, tile_rows, tile_cols, "
            "popcount_bits, tiles, clock_mhz, spare_cols)");
  EXPECT_EQ(parseError(R"({"tiles": 4, "tiles": 5})"), "arch.json: /tiles: error: duplicate key");
  // Keys are checked in file order: the first bad one is reported.
  EXPECT_EQ(parseError(R"({"tiles": 0, "bogus": 1})"),
            "arch.json: /bogus: error: unknown key (known: name, tile_rows, tile_cols, "
            "popcount_bits, tiles, clock_mhz, spare_cols)");
  // Range checks then run in field order (tile_rows before tiles).
  EXPECT_EQ(parseError(R"({"tiles": 0, "tile_rows": 5000})"),
            "arch.json: /tile_rows: error: must be at most 4096, got 5000");
}

// 2^bits - 1 must be >= tile_cols: 7 bits count to 127, 8 bits to 255.
TEST(Arch, PopcountWidthMustHoldTileColumns) {
  EXPECT_EQ(parseError(R"({"popcount_bits": 7})"),
            "arch.json: /popcount_bits: error: 2^7 - 1 = 127 cannot hold tile_cols = 128; at "
            "least 8 bits are needed");
  EXPECT_EQ(parseArch(R"({"popcount_bits": 7, "tile_cols": 127})", "a").tile_cols, 127);
  EXPECT_EQ(parseArch(R"({"popcount_bits": 8, "tile_cols": 255})", "a").tile_cols, 255);
  EXPECT_EQ(parseError(R"({"tile_cols": 256})"),
            "arch.json: /popcount_bits: error: 2^8 - 1 = 255 cannot hold tile_cols = 256; at "
            "least 9 bits are needed");
  EXPECT_EQ(parseArch(R"({"popcount_bits": 1, "tile_cols": 1})", "a").popcount_bits, 1);
}

TEST(Arch, InvalidJsonNamesLineAndColumn) {
  EXPECT_EQ(parseError("{\n  \"tiles\": 4,\n}"),
            "arch.json: line 3, column 1: error: syntax error while parsing object key - "
            "unexpected '}'; expected string literal");
  EXPECT_EQ(parseError(""), "arch.json: line 1, column 1: error: syntax error while parsing value "
                            "- unexpected end of input; expected '[', '{', or a literal");
  EXPECT_EQ(parseError("[1, 2]"),
            "arch.json: top level: error: must be a JSON object, got an array");
}

TEST(Arch, CheckArchReportsTheFirstProblem) {
  Arch a = defaultArch();
  a.tiles = -1;
  a.clock_mhz = -2;
  auto problem = checkArch(a);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->field, "tiles");
  EXPECT_EQ(problem->message, "must be a positive integer, got -1");
  a.tiles = 1;
  EXPECT_EQ(checkArch(a)->message, "must be a positive number, got -2");
}

TEST(Arch, LoadArchNamesTheMissingFile) {
  try {
    loadArch("/nonexistent/arch.json");
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/arch.json: error: cannot open file: No such file or directory");
  }
}

} // namespace
} // namespace bnnc::mapping
