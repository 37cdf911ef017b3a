// The command-line flags of bnnc sweep as description settings (docs/sweep-format.md, "Flags"):
// the axes they add, in flag order, the base values they replace, and their error texts.
#include "bnnc/driver/sweep_flags.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

namespace bnnc::driver {
namespace {

using sweep::json;
using sweep::parseSpec;
using sweep::Spec;

std::string flagError(const SweepRequest &r) {
  try {
    Spec spec;
    addFlags(spec, r);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(SweepFlags, ListsBecomeAxesInFlagOrder) {
  SweepRequest r;
  r.bers = "1e-6,0.001";
  r.conditions = "typical,low-energy";
  r.tiles = "64x32,128";
  r.params = {"hrs.sigma_c2c=0.3,0.5", "verify.enabled=true,false", "chips=1,5"};
  r.seed = 9;
  Spec s;
  addFlags(s, r);
  ASSERT_EQ(s.grid.size(), 6u);
  EXPECT_EQ(s.grid[0].names, (std::vector<std::string>{"tile_rows", "tile_cols"}));
  EXPECT_EQ(s.grid[0].steps[0][0].value, json(64));
  EXPECT_EQ(s.grid[0].steps[0][1].value, json(32));
  EXPECT_EQ(s.grid[0].steps[1][1].value, json(128)); // "128": square
  EXPECT_EQ(s.grid[1].names[0], "condition");
  EXPECT_EQ(s.grid[2].names[0], "ber");
  EXPECT_EQ(s.grid[2].steps[0][0].value, json(1e-6));
  EXPECT_EQ(s.grid[3].names[0], "device.hrs.sigma_c2c");
  EXPECT_EQ(s.grid[3].place, "--param hrs.sigma_c2c");
  EXPECT_EQ(s.grid[4].steps[0][0].value, json(true));
  EXPECT_EQ(s.grid[5].steps[1][0].value, json(5));
  ASSERT_EQ(s.base.size(), 1u);
  EXPECT_EQ(s.base[0].value.get<uint64_t>(), 9u);
}

TEST(SweepFlags, BaseFlagsReplaceTheFilesBase) {
  Spec s = parseSpec(R"({"base": {"chips": 5, "seed": 3}})", "sweep.json");
  SweepRequest r;
  r.chips = 2;
  addFlags(s, r);
  ASSERT_EQ(s.base.size(), 2u);
  EXPECT_EQ(s.base[1].name, "chips");
  EXPECT_EQ(s.base[1].value, json(2));
  EXPECT_EQ(s.base[1].place, "--chips");
}

TEST(SweepFlags, Errors) {
  SweepRequest r;
  r.bers = "0.1,2";
  EXPECT_EQ(flagError(r), "--ber: error: must be a number in [0, 1], got 2");
  r.bers = "0.1,,0.2";
  EXPECT_EQ(flagError(r), "--ber: error: must be a number in [0, 1], got \"\"");
  r.bers = "";
  EXPECT_EQ(flagError(r), "--ber: error: must be a comma-separated list of values, got ''");
  r = {};
  r.tiles = "64by64";
  EXPECT_EQ(flagError(r), "--tile: error: must be a positive integer, got \"64by64\"");
  r.tiles = "64x";
  EXPECT_EQ(flagError(r), "--tile: error: must be ROWSxCOLS or N (square tiles), got '64x'");
  r = {};
  r.params = {"sigma"};
  EXPECT_EQ(flagError(r), "--param: error: must be NAME=VALUE[,VALUE...], got 'sigma'");
  r.params = {"hrs.sigma_c2c=0.1", "/hrs/sigma_c2c=0.2"};
  EXPECT_EQ(flagError(r), "--param /hrs/sigma_c2c: error: device.hrs.sigma_c2c is already swept "
                          "by --param hrs.sigma_c2c");
  r = {};
  r.chips = 0;
  EXPECT_EQ(flagError(r), "--chips: error: must be at least 1, got 0");
  r = {};
  r.cycles = "1e9,-5";
  EXPECT_EQ(flagError(r), "--cycles: error: must be a non-negative number, got -5");
  r = {};
  r.conditions = "typical,fast";
  EXPECT_EQ(flagError(r), "--condition: error: unknown programming condition 'fast' (known: "
                          "typical, endurance, low-energy)");
}

TEST(SweepFlags, ClashWithTheFilesGrid) {
  Spec s = parseSpec(R"({"grid": [{"ber": [0.1]}]})", "sweep.json");
  SweepRequest r;
  r.bers = "0.2";
  try {
    addFlags(s, r);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "--ber: error: ber is already swept by sweep.json: /grid/0");
  }
}

} // namespace
} // namespace bnnc::driver
