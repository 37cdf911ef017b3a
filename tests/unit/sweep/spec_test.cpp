// The sweep description parser: what a valid description yields, and every error text
// (docs/sweep-format.md lists the same messages).
#include "bnnc/support/error.h"
#include "bnnc/sweep/spec.h"

#include <gtest/gtest.h>

namespace bnnc::sweep {
namespace {

std::string parseError(const std::string &text) {
  try {
    parseSpec(text, "sweep.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(SweepSpec, ParsesBaseGridAndPoints) {
  Spec s = parseSpec(R"({
    "description": "the worked study",
    "base": {"chips": 5, "seed": 7, "hrs.read_sigma": 0.1},
    "grid": [
      {"condition": ["typical", "low-energy"]},
      {"tile_rows": [64, 128], "tile_cols": [64, 128]},
      {"/hrs/sigma_c2c": [0.3, 0.5], "device.faults.stuck_lrs": [0, 1e-6]}
    ],
    "points": [{"ber": 0.01, "tiles": 80}, {}]
  })",
                     "sweep.json");
  ASSERT_EQ(s.base.size(), 3u);
  EXPECT_EQ(s.base[0].name, "chips");
  EXPECT_EQ(s.base[0].value, json(5));
  EXPECT_EQ(s.base[0].place, "sweep.json: /base/chips");
  EXPECT_EQ(s.base[1].value.get<uint64_t>(), 7u);
  EXPECT_EQ(s.base[2].name, "device.hrs.read_sigma");
  ASSERT_EQ(s.grid.size(), 3u);
  EXPECT_EQ(s.grid[0].place, "sweep.json: /grid/0");
  EXPECT_EQ(s.grid[0].names, std::vector<std::string>{"condition"});
  ASSERT_EQ(s.grid[1].steps.size(), 2u);
  EXPECT_EQ(s.grid[1].names, (std::vector<std::string>{"tile_rows", "tile_cols"}));
  EXPECT_EQ(s.grid[1].steps[1][0].value, json(128));
  EXPECT_EQ(s.grid[1].steps[1][1].place, "sweep.json: /grid/1/tile_cols/1");
  EXPECT_EQ(s.grid[2].names,
            (std::vector<std::string>{"device.hrs.sigma_c2c", "device.faults.stuck_lrs"}));
  EXPECT_EQ(s.grid[2].steps[0][0].place, "sweep.json: /grid/2/~1hrs~1sigma_c2c/0");
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.points[0][0].name, "ber");
  EXPECT_DOUBLE_EQ(s.points[0][0].value.get<double>(), 0.01);
  EXPECT_TRUE(s.points[0][0].value.is_number_float());
  EXPECT_TRUE(s.points[1].empty());
}

TEST(SweepSpec, NumbersAreNormalizedByKind) {
  Spec s = parseSpec(R"({"base": {"ber": 0, "clock_mhz": 200, "temperature_k": 350,
                                  "cycles": 1e9, "seed": 0}})",
                     "sweep.json");
  EXPECT_TRUE(s.base[0].value.is_number_float()); // ber 0 is the number 0.0
  EXPECT_TRUE(s.base[1].value.is_number_float());
  EXPECT_EQ(s.base[3].value.get<double>(), 1e9);
  EXPECT_EQ(s.base[4].value.get<uint64_t>(), 0u);
}

TEST(SweepSpec, SyntaxAndStructureErrors) {
  EXPECT_EQ(parseError("{\"grid\": [\n}"),
            "sweep.json: line 2, column 1: error: syntax error while parsing value - unexpected "
            "'}'; expected '[', '{', or a literal");
  EXPECT_EQ(parseError("[]"), "sweep.json: top level: error: must be a JSON object, got an array");
  EXPECT_EQ(parseError(R"({"grids": []})"),
            "sweep.json: /grids: error: unknown key (known: description, base, grid, points)");
  EXPECT_EQ(parseError(R"({"base": {}, "base": {}})"), "sweep.json: /base: error: duplicate key");
  EXPECT_EQ(parseError(R"({"grid": [{"ber": [0.1]}, {"cycles": [1], "cycles": [2]}]})"),
            "sweep.json: /grid/1/cycles: error: duplicate key");
  EXPECT_EQ(parseError(R"({"points": [{}, {}, {"ber": 0.1, "ber": 0.2}]})"),
            "sweep.json: /points/2/ber: error: duplicate key");
  EXPECT_EQ(parseError(R"({"grid": {"ber": [0.1]}})"),
            "sweep.json: /grid: error: must be an array, got an object");
  EXPECT_EQ(parseError(R"({"grid": [[1]]})"),
            "sweep.json: /grid/0: error: must be a JSON object, got an array");
  EXPECT_EQ(parseError(R"({"grid": [{}]})"),
            "sweep.json: /grid/0: error: must name at least one parameter");
  EXPECT_EQ(parseError(R"({"grid": [{"ber": 0.1}]})"),
            "sweep.json: /grid/0/ber: error: must be a non-empty array of values, got 0.1");
  EXPECT_EQ(parseError(R"({"grid": [{"ber": []}]})"),
            "sweep.json: /grid/0/ber: error: must be a non-empty array of values, got an array");
  EXPECT_EQ(parseError(R"({"description": 3})"),
            "sweep.json: /description: error: must be a string, got 3");
  EXPECT_EQ(parseError(R"({"points": [3]})"),
            "sweep.json: /points/0: error: must be a JSON object, got 3");
}

TEST(SweepSpec, AxisAndParameterErrors) {
  EXPECT_EQ(parseError(R"({"grid": [{"tile_rows": [64, 128], "tile_cols": [64]}]})"),
            "sweep.json: /grid/0/tile_cols: error: has 1 values and /grid/0/tile_rows has 2; the "
            "parameters of one axis vary together and need as many values each");
  EXPECT_EQ(parseError(R"({"grid": [{"ber": [0.1]}, {"ber": [0.2]}]})"),
            "sweep.json: /grid/1/ber: error: ber is already swept by sweep.json: /grid/0");
  EXPECT_EQ(parseError(R"({"grid": [{"hrs.sigma_c2c": [0.1]}, {"/hrs/sigma_c2c": [0.2]}]})"),
            "sweep.json: /grid/1/~1hrs~1sigma_c2c: error: device.hrs.sigma_c2c is already swept "
            "by sweep.json: /grid/0");
  EXPECT_EQ(parseError(R"({"points": [{"hrs.sigma_c2c": 0.1, "/hrs/sigma_c2c": 0.2}]})"),
            "sweep.json: /points/0/~1hrs~1sigma_c2c: error: device.hrs.sigma_c2c is already set "
            "by sweep.json: /points/0/hrs.sigma_c2c");
  EXPECT_EQ(parseError(R"({"base": {"tile_row": 64}})"),
            "sweep.json: /base/tile_row: error: unknown parameter \"tile_row\" (known: arch, "
            "tile_rows, tile_cols, popcount_bits, tiles, clock_mhz, condition, device, ber, "
            "cycles, retention_time_s, temperature_k, fault_map, chips, seed, model, or a device "
            "model field such as hrs.sigma_c2c or /hrs/sigma_c2c)");
  EXPECT_EQ(parseError(R"({"base": {"hrs..sigma": 1}})").substr(0, 53),
            "sweep.json: /base/hrs..sigma: error: unknown paramete");
}

struct ValueCase {
  std::string json;
  std::string error;
};

TEST(SweepSpec, ValueErrors) {
  const std::vector<ValueCase> cases = {
      {R"("ber": 1.5)", "/base/ber: error: must be a number in [0, 1], got 1.5"},
      {R"("ber": "high")", "/base/ber: error: must be a number in [0, 1], got \"high\""},
      {R"("tile_rows": -3)", "/base/tile_rows: error: must be a positive integer, got -3"},
      {R"("tile_cols": 1.5)", "/base/tile_cols: error: must be a positive integer, got 1.5"},
      {R"("tile_cols": 5000)", "/base/tile_cols: error: must be at most 4096, got 5000"},
      {R"("tiles": 100000)", "/base/tiles: error: must be at most 65536, got 100000"},
      {R"("popcount_bits": 40)", "/base/popcount_bits: error: must be at most 32, got 40"},
      {R"("clock_mhz": 0)", "/base/clock_mhz: error: must be a positive number, got 0"},
      {R"("clock_mhz": "fast")", "/base/clock_mhz: error: must be a positive number, got \"fast\""},
      {R"("cycles": -1)", "/base/cycles: error: must be a non-negative number, got -1"},
      {R"("retention_time_s": "1y")",
       "/base/retention_time_s: error: must be a non-negative number, got \"1y\""},
      {R"("temperature_k": 0)", "/base/temperature_k: error: must be a number in (0, 2000], got 0"},
      {R"("chips": 0)", "/base/chips: error: must be at least 1, got 0"},
      {R"("chips": 2.5)", "/base/chips: error: must be an integer of at least 1, got 2.5"},
      {R"("chips": 3000000000)", "/base/chips: error: must be at most 2147483647, got 3000000000"},
      {R"("seed": -1)", "/base/seed: error: must be a non-negative integer, got -1"},
      {R"("condition": "cheap")",
       "/base/condition: error: unknown programming condition 'cheap' (known: typical, "
       "endurance, low-energy)"},
      {R"("condition": 3)", "/base/condition: error: must be a non-empty string, got 3"},
      {R"("device": "fast")",
       "/base/device: error: unknown device preset 'fast' (known: typical, endurance, "
       "low-energy)"},
      {R"("hrs.sigma_c2c": [1])",
       "/base/hrs.sigma_c2c: error: must be a number, a string or true or false, got an array"},
      {R"("hrs.sigma_c2c": null)",
       "/base/hrs.sigma_c2c: error: must be a number, a string or true or false, got null"},
  };
  for (const ValueCase &c : cases)
    EXPECT_EQ(parseError("{\"base\": {" + c.json + "}}"), "sweep.json: " + c.error) << c.json;
}

TEST(SweepSpec, FilesOfParametersAreLoaded) {
  EXPECT_EQ(parseError(R"({"base": {"arch": "/nonexistent/arch.json"}})"),
            "/nonexistent/arch.json: error: cannot open file: No such file or directory");
  EXPECT_EQ(parseError(R"({"base": {"device": "/nonexistent/dev.json"}})"),
            "/nonexistent/dev.json: error: cannot open file: No such file or directory");
  Spec s = parseSpec(R"({"base": {"arch": ")" BNNC_SOURCE_DIR R"(/data/arch/default.json"}})",
                     "sweep.json");
  EXPECT_EQ(s.base[0].name, "arch");
}

} // namespace
} // namespace bnnc::sweep
