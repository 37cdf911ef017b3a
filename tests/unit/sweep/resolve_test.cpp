// What a point runs: defaults, base and own settings, device fields through the device model's
// parser (and its messages, re-addressed to the sweep file), the BER/device-model exclusion,
// popcount widening, and the values of the parameter columns.
#include "bnnc/support/error.h"
#include "bnnc/sweep/device_fields.h"
#include "bnnc/sweep/resolve.h"

#include <gtest/gtest.h>

namespace bnnc::sweep {
namespace {

Defaults onnxDefaults() { return {true, "m.onnx", mapping::defaultArch(), "typical"}; }

// The message of the first point that fails to resolve, or "".
std::string resolveError(const std::string &text, Defaults d = onnxDefaults()) {
  try {
    Plan plan(parseSpec(text, "sweep.json"));
    Resolver resolver(plan, d);
    for (int64_t i = 0; i < plan.size(); ++i)
      resolver.resolve(plan.at(i));
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(SweepResolve, DefaultsAreThoseOfCompileAndRun) {
  Plan plan(parseSpec("{}", "sweep.json"));
  Resolver resolver(plan, onnxDefaults());
  PointConfig c = resolver.resolve(plan.at(0));
  EXPECT_EQ(c.arch, mapping::defaultArch());
  EXPECT_EQ(c.condition, "typical");
  EXPECT_EQ(c.device, device::loadDeviceModel("typical"));
  EXPECT_FALSE(c.ber.has_value());
  EXPECT_EQ(c.env.cycles, 0);
  EXPECT_EQ(c.env.temperature_k, 300);
  EXPECT_EQ(c.chips, 1);
  EXPECT_EQ(c.seed, 1u);
}

TEST(SweepResolve, OwnSettingsWinOverBase) {
  Plan plan(parseSpec(R"({"base": {"chips": 4, "condition": "endurance", "hrs.sigma_c2c": 0.1},
                          "grid": [{"chips": [2, 3]}, {"hrs.sigma_c2c": [0.2]}],
                          "points": [{"condition": "low-energy", "cycles": 1e9}]})",
                      "sweep.json"));
  Resolver resolver(plan, onnxDefaults());
  PointConfig a = resolver.resolve(plan.at(1));
  EXPECT_EQ(a.chips, 3);
  EXPECT_EQ(a.condition, "endurance");
  device::DeviceModel endurance = device::loadDeviceModel("endurance");
  EXPECT_EQ(a.device.hrs.sigma_c2c, 0.2);
  EXPECT_EQ(a.device.lrs, endurance.lrs);
  EXPECT_EQ(a.device.name, "endurance");
  PointConfig b = resolver.resolve(plan.at(2)); // the explicit point: base sigma, own condition
  EXPECT_EQ(b.chips, 4);
  EXPECT_EQ(b.device.hrs.sigma_c2c, 0.1);
  EXPECT_EQ(b.device.hrs.median_ohm, device::loadDeviceModel("low-energy").hrs.median_ohm);
  EXPECT_EQ(b.env.cycles, 1e9);
  EXPECT_EQ(resolver.column(b, plan.at(2), "device.hrs.sigma_c2c"), json(0.1));
  EXPECT_EQ(resolver.column(b, plan.at(2), "chips"), json(4));
}

TEST(SweepResolve, ArchitectureFieldsAndPopcountWidening) {
  Plan plan(parseSpec(R"({"grid": [{"tile_rows": [64, 256], "tile_cols": [32, 1024]}],
                          "points": [{"tile_cols": 1024, "popcount_bits": 8}]})",
                      "sweep.json"));
  Resolver resolver(plan, onnxDefaults());
  PointConfig a = resolver.resolve(plan.at(0));
  EXPECT_EQ(a.arch.tile_rows, 64);
  EXPECT_EQ(a.arch.tile_cols, 32);
  EXPECT_EQ(a.arch.popcount_bits, 8); // the default's 8 already holds 32
  EXPECT_EQ(resolver.resolve(plan.at(1)).arch.popcount_bits, 11); // 2^11 - 1 >= 1024
  EXPECT_EQ(archKey(a.arch), "default|64|32|8|64|100|0");
  mapping::Arch spared = a.arch; // spare columns make another chip, compiled apart
  spared.spare_cols = 4;
  EXPECT_EQ(archKey(spared), "default|64|32|8|64|100|4");
  try {
    resolver.resolve(plan.at(2));
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "sweep point 2 (tile_cols=1024, popcount_bits=8): error: popcount_bits "
                           "2^8 - 1 = 255 cannot hold tile_cols = 1024; at least 11 bits are "
                           "needed");
  }
}

TEST(SweepResolve, InjectedBerExcludesTheDeviceModel) {
  Plan plan(
      parseSpec(R"({"grid": [{"ber": [0.01]}, {"condition": ["endurance"]}]})", "sweep.json"));
  Resolver resolver(plan, onnxDefaults());
  PointConfig c = resolver.resolve(plan.at(0));
  EXPECT_EQ(c.ber, 0.01);
  EXPECT_EQ(resolver.column(c, plan.at(0), "ber"), json(0.01));
  EXPECT_EQ(resolver.column(c, plan.at(0), "condition"), json("endurance"));
  EXPECT_TRUE(resolver.column(c, plan.at(0), "cycles").is_null());
  EXPECT_EQ(resolveError(R"({"base": {"cycles": 1e9}, "grid": [{"ber": [0.01]}]})"),
            "sweep.json: /base/cycles: error: cannot be combined with ber (sweep.json: "
            "/grid/0/ber/0): an injected BER replaces the device model");
  EXPECT_EQ(resolveError(R"({"points": [{"ber": 0.1, "hrs.sigma_c2c": 0.3}]})"),
            "sweep.json: /points/0/hrs.sigma_c2c: error: cannot be combined with ber (sweep.json: "
            "/points/0/ber): an injected BER replaces the device model");
}

TEST(SweepResolve, DeviceFieldErrorsComeFromTheDeviceModelParser) {
  EXPECT_EQ(resolveError(R"({"grid": [{"hrs.sigma_c2c": [0.3, -1]}]})"),
            "sweep.json: /grid/0/hrs.sigma_c2c/1: error: must be a non-negative number, got -1");
  EXPECT_EQ(resolveError(R"({"grid": [{"/hrs/sigma": [0.3]}]})"),
            "sweep.json: /grid/0/~1hrs~1sigma/0: error: unknown key (known: median_ohm, "
            "sigma_d2d, sigma_c2c)");
  EXPECT_EQ(resolveError(R"({"base": {"verify.max_retries": 2.5}})"),
            "sweep.json: /base/verify.max_retries: error: must be an integer in [0, 100], got "
            "2.5");
  EXPECT_EQ(resolveError(R"({"base": {"device.cell": "3T3R"}})"),
            "sweep.json: /base/device.cell: error: must be \"2T2R\" or \"1T1R\", got \"3T3R\"");
  EXPECT_EQ(resolveError(R"({"base": {"read_sigma.x": 1}})"),
            "sweep.json: /base/read_sigma.x: error: /read_sigma is not an object in the device "
            "model, it holds 0.05");
  EXPECT_EQ(resolveError(R"({"base": {"foo.bar": 1}})"),
            "sweep.json: /base/foo.bar: error: /foo: unknown key (known: name, description, "
            "base, condition, cell, lrs, hrs, measured, read_sigma, telegraph, sense_offset_sigma, "
            "series_ohm, reference, ecc, verify, program_failure_rate, ageing, retention, "
            "temperature, faults)");
  // A problem of the combination: the field is blamed when the check names it or its parent.
  EXPECT_EQ(resolveError(R"({"grid": [{"faults.stuck_lrs": [0.6], "faults.stuck_hrs": [0.6]}]})"),
            "sweep.json: /grid/0/faults.stuck_hrs/0: error: /faults: stuck_lrs + stuck_hrs + "
            "never_formed must be at most 1, got 1.2");
  EXPECT_EQ(resolveError(R"({"grid": [{"lrs.median_ohm": [1e5]}]})"),
            "sweep point 0 (device.lrs.median_ohm=100000): error: /hrs/median_ohm: must be "
            "greater than the LRS median 100000, got 84996.69");
}

TEST(SweepResolve, ArchitectureParametersNeedAnOnnxModel) {
  Defaults image{false, "m.bnn", mapping::defaultArch(), "low-energy"};
  EXPECT_EQ(resolveError(R"({"grid": [{"tile_rows": [64]}]})", image),
            "sweep.json: /grid/0/tile_rows/0: error: architecture parameters need an ONNX model, "
            "compiled for each architecture; m.bnn is a chip image");
  Plan plan(parseSpec(R"({"grid": [{"ber": [0.1]}]})", "sweep.json"));
  Resolver resolver(plan, image);
  EXPECT_EQ(resolver.resolve(plan.at(0)).condition, "low-energy"); // the image's condition
}

} // namespace
} // namespace bnnc::sweep
