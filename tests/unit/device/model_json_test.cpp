// The device model JSON: the presets file equals the compiled-in presets, every number in it has a
// marked source, defaults, and exact error texts with JSON pointers.
#include "bnnc/device/device_model.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::device {
namespace {

using json = nlohmann::ordered_json;

const char *kMinimal = R"({"lrs": {"median_ohm": 1000}, "hrs": {"median_ohm": 10000}})";

std::string parseError(const std::string &text) {
  try {
    parseDeviceModel(text, "dev.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

std::string loadError(const std::string &name) {
  try {
    loadDeviceModel(name);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

// Two models' JSON forms equal, numbers to `rel` relative precision.
void expectJsonNear(const json &a, const json &b, double rel, const std::string &where) {
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    EXPECT_LE(std::fabs(x - y), rel * std::fabs(y)) << where << ": " << x << " vs " << y;
    return;
  }
  if (!a.is_object() || !b.is_object()) {
    EXPECT_EQ(a, b) << where;
    return;
  }
  ASSERT_EQ(a.size(), b.size()) << where;
  for (const auto &[key, value] : b.items())
    expectJsonNear(a.at(key), value, rel, where + "/" + key);
}

// The file holds the law's presets to 7 significant digits.
TEST(DeviceJson, DataFileEqualsCompiledInPresets) {
  json doc = json::parse(readFileText(BNNC_SOURCE_DIR "/data/devices.json"));
  const json &list = doc.at("devices");
  ASSERT_EQ(list.size(), devicePresets().size());
  for (size_t i = 0; i < list.size(); ++i) {
    DeviceModel parsed = parseDeviceModel(list[i].dump(), "data/devices.json");
    expectJsonNear(deviceModelJson(parsed), deviceModelJson(devicePresets()[i]), 1e-6,
                   devicePresets()[i].name);
  }
  EXPECT_EQ(devicePresets()[0].name, "typical");
  EXPECT_EQ(devicePresets()[1].name, "endurance");
  EXPECT_EQ(devicePresets()[2].name, "low-energy");
}

// Every number of the presets file is a {"value", "source"} pair whose source says where it
// comes from: the programming law (whose file sources its coefficients), the literature, the
// talk, or a calibration guess with its reason.
void expectSourced(const json &v, const std::string &where, int &numbers) {
  if (v.is_object() && v.contains("value")) {
    ++numbers;
    std::string source = v.at("source").get<std::string>();
    bool marked = source.rfind("law: ", 0) == 0 || source.rfind("literature: ", 0) == 0 ||
                  source.rfind("(talk) ", 0) == 0 || source.rfind("calibration guess: ", 0) == 0;
    EXPECT_TRUE(marked) << where << ": " << source;
    EXPECT_GT(source.size(), 40u) << where << ": a reason is expected";
    return;
  }
  EXPECT_FALSE(v.is_number()) << where << " has no source";
  if (v.is_structured())
    for (const auto &[key, child] : v.items())
      expectSourced(child, where + "/" + key, numbers);
}

TEST(DeviceJson, EveryNumberOfThePresetsHasASource) {
  json doc = json::parse(readFileText(BNNC_SOURCE_DIR "/data/devices.json"));
  int numbers = 0;
  expectSourced(doc.at("devices"), "/devices", numbers);
  EXPECT_EQ(numbers, 3 * 37); // 37 numeric fields per model
}

TEST(DeviceJson, MinimalFileTakesTheDefaults) {
  DeviceModel m = parseDeviceModel(kMinimal, "dev.json");
  DeviceModel expected;
  expected.name = "dev.json"; // no "name": the file it came from
  expected.lrs.median_ohm = 1000;
  expected.hrs.median_ohm = 10000;
  EXPECT_TRUE(m == expected);
}

TEST(DeviceJson, ReadsEveryField) {
  const char *text = R"({
    "name": "mine", "description": "a test", "condition": "endurance", "cell": "1T1R",
    "lrs": {"median_ohm": 2000, "sigma_d2d": 0.1, "sigma_c2c": {"value": 0.2, "source": "x"}},
    "hrs": {"median_ohm": 50000, "sigma_d2d": 0.3, "sigma_c2c": 0.4},
    "read_sigma": 0.05, "telegraph": {"lrs_sigma": 0.01, "hrs_sigma": 0.07},
    "sense_offset_sigma": 0.06, "series_ohm": 1200,
    "reference": {"trim": "array", "ohm": 9000, "sigma": 0.04},
    "ecc": {"code": "bch", "data_bits": 128, "t": 3},
    "verify": {"enabled": true, "max_retries": 4, "margin": 1.5},
    "program_failure_rate": 1e-6,
    "ageing": {"onset_cycles": 1e6, "lrs_drift_per_decade": 0.05, "hrs_drift_per_decade": 0.2,
               "sigma_growth_per_decade": 0.1, "failure_cycles": 1e9, "failure_sigma_decades": 0.4},
    "retention": {"lrs_drift_per_decade": 0.01, "hrs_drift_per_decade": 0.03,
                  "tail_relaxation": 0.2, "sigma_growth_per_decade": 0.02, "reference_s": 10,
                  "activation_ev": 1.1, "reference_k": 350},
    "temperature": {"reference_k": 298, "lrs_coefficient_per_k": 0.002, "hrs_activation_ev": 0.1},
    "faults": {"stuck_lrs": 1e-5, "stuck_hrs": 2e-5, "never_formed": 3e-5}})";
  DeviceModel m = parseDeviceModel(text, "dev.json");
  DeviceModel e;
  e.name = "mine";
  e.condition = "endurance";
  e.cell = DeviceModel::Cell::OneT1R;
  e.lrs = {2000, 0.1, 0.2};
  e.hrs = {50000, 0.3, 0.4};
  e.read_sigma = 0.05;
  e.telegraph = {0.01, 0.07};
  e.sense_offset_sigma = 0.06;
  e.series_ohm = 1200;
  e.reference = {DeviceModel::Reference::Trim::Array, 9000, 0.04};
  e.ecc = {DeviceModel::Ecc::Code::Bch, 128, 3};
  e.verify = {true, 4, 1.5};
  e.program_failure_rate = 1e-6;
  e.ageing = {1e6, 0.05, 0.2, 0.1, 1e9, 0.4};
  e.retention = {0.01, 0.03, 0.2, 0.02, 10, 1.1, 350};
  e.temperature = {298, 0.002, 0.1};
  e.faults = {1e-5, 2e-5, 3e-5};
  EXPECT_TRUE(m == e);
}

struct BadCase {
  const char *text;
  const char *error;
};

TEST(DeviceJson, ErrorTextsNameAPointer) {
  const std::string lrs = R"("lrs": {"median_ohm": 1000}, )";
  const std::string hrs = R"("hrs": {"median_ohm": 10000})";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1]", "dev.json: top level: error: must be a JSON object, got an array"},
      {"{\"lrs\": ", "dev.json: line 1, column 9: error: syntax error while parsing value - "
                     "unexpected end of input; expected '[', '{', or a literal"},
      {"{" + lrs + R"("hrs": {"median_ohm": 10000, "sigma_c2c": -1}})",
       "dev.json: /hrs/sigma_c2c: error: must be a non-negative number, got -1"},
      {"{" + lrs + R"("hrs": {"median_ohm": 10000, "sigma_c2c": 7.5}})",
       "dev.json: /hrs/sigma_c2c: error: must be at most 5, got 7.5"},
      {"{" + lrs + R"("hrs": {"median_ohm": 10000, "sigma": 1}})",
       "dev.json: /hrs/sigma: error: unknown key (known: median_ohm, sigma_d2d, sigma_c2c)"},
      {"{" + lrs + hrs + R"(, "read_noise": 0.1})",
       "dev.json: /read_noise: error: unknown key (known: name, description, base, condition, "
       "cell, lrs, hrs, measured, read_sigma, telegraph, sense_offset_sigma, series_ohm, "
       "reference, ecc, verify, program_failure_rate, ageing, retention, temperature, faults)"},
      {"{" + hrs + "}", "dev.json: /lrs: error: required key is missing"},
      {R"({"lrs": {"sigma_d2d": 0.1}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm: error: required key is missing"},
      {R"({"lrs": {"median_ohm": 0}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm: error: must be a positive number, got 0"},
      {R"({"lrs": {"median_ohm": "3k"}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm: error: must be a positive number, got \"3k\""},
      {R"({"lrs": {"median_ohm": 2e12}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm: error: must be at most 1e+12, got 2e+12"},
      {R"({"lrs": {"median_ohm": 20000}, )" + hrs + "}",
       "dev.json: /hrs/median_ohm: error: must be greater than the LRS median 20000, got 10000"},
      {R"({"lrs": {"median_ohm": {"value": 1000}}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm/source: error: required key is missing"},
      {R"({"lrs": {"median_ohm": {"value": 1000, "source": 3}}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm/source: error: must be a string, got 3"},
      {R"({"lrs": {"median_ohm": {"value": -5, "source": "x"}}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm/value: error: must be a positive number, got -5"},
      {R"({"lrs": {"median_ohm": {"value": 5, "source": "x", "unit": "ohm"}}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm/unit: error: unknown key (known: value, source)"},
      {"{" + lrs + hrs + R"(, "cell": "3T1R"})",
       "dev.json: /cell: error: must be \"2T2R\" or \"1T1R\", got \"3T1R\""},
      {"{" + lrs + hrs + R"(, "name": ""})", "dev.json: /name: error: must be a non-empty string"},
      {"{" + lrs + hrs + R"(, "condition": 2})", "dev.json: /condition: error: must be a string, "
                                                 "got 2"},
      {"{" + lrs + hrs + R"(, "verify": {"enabled": 1}})",
       "dev.json: /verify/enabled: error: must be true or false, got 1"},
      {"{" + lrs + hrs + R"(, "verify": {"max_retries": 2.5}})",
       "dev.json: /verify/max_retries: error: must be an integer in [0, 100], got 2.5"},
      {"{" + lrs + hrs + R"(, "verify": {"max_retries": 101}})",
       "dev.json: /verify/max_retries: error: must be an integer in [0, 100], got 101"},
      {"{" + lrs + hrs + R"(, "verify": [1]})",
       "dev.json: /verify: error: must be a JSON object, got an array"},
      {"{" + lrs + hrs + R"(, "program_failure_rate": 1.5})",
       "dev.json: /program_failure_rate: error: must be a number in [0, 1], got 1.5"},
      {"{" + lrs + hrs + R"(, "ageing": {"hrs_drift_per_decade": -0.1}})",
       "dev.json: /ageing/hrs_drift_per_decade: error: must be a non-negative number, got -0.1"},
      {"{" + lrs + hrs + R"(, "ageing": {"window_loss_per_decade": 0.1}})",
       "dev.json: /ageing/window_loss_per_decade: error: unknown key (known: onset_cycles, "
       "lrs_drift_per_decade, hrs_drift_per_decade, sigma_growth_per_decade, failure_cycles, "
       "failure_sigma_decades)"},
      {"{" + lrs + hrs + R"(, "reference": {"trim": "tile"}})",
       "dev.json: /reference/trim: error: must be \"none\" or \"array\", got \"tile\""},
      {"{" + lrs + hrs + R"(, "ecc": {"code": "hamming"}})",
       "dev.json: /ecc/code: error: must be \"none\", \"secded\" or \"bch\", got \"hamming\""},
      {"{" + lrs + hrs + R"(, "ecc": {"data_bits": 2}})",
       "dev.json: /ecc/data_bits: error: must be an integer in [4, 1024], got 2"},
      {"{" + lrs + hrs + R"(, "ecc": {"t": 17}})",
       "dev.json: /ecc/t: error: must be an integer in [1, 16], got 17"},
      {"{" + lrs + hrs + R"(, "temperature": {"lrs_coefficient_per_k": 0.5}})",
       "dev.json: /temperature/lrs_coefficient_per_k: error: must be a number in [-0.1, 0.1], "
       "got 0.5"},
      {"{" + lrs + hrs + R"(, "telegraph": {"hrs_sigma": -1}})",
       "dev.json: /telegraph/hrs_sigma: error: must be a non-negative number, got -1"},
      {"{" + lrs + hrs + R"(, "measured": {}})",
       "dev.json: /measured/file: error: required key is missing"},
      {R"({"base": "fastest"})",
       "dev.json: /base: error: 'fastest' is neither a device preset (typical, endurance, "
       "low-energy) nor a file"},
      {R"({"base": 3})", "dev.json: /base: error: must be a string, got 3"},
      {"{" + lrs + hrs + R"(, "retention": {"reference_k": 0}})",
       "dev.json: /retention/reference_k: error: must be a positive number, got 0"},
      {"{" + lrs + hrs + R"(, "retention": {"activation_ev": 6}})",
       "dev.json: /retention/activation_ev: error: must be at most 5, got 6"},
      {"{" + lrs + hrs +
           R"(, "faults": {"stuck_lrs": 0.5, "stuck_hrs": 0.4, "never_formed": 0.2}})",
       "dev.json: /faults: error: stuck_lrs + stuck_hrs + never_formed must be at most 1, got "
       "1.1"},
      {"{" + lrs + hrs + R"(, "read_sigma": 0.1, "read_sigma": 0.2})",
       "dev.json: /read_sigma: error: duplicate key"},
      {R"({"lrs": {"median_ohm": 1000, "median_ohm": 2000}, )" + hrs + "}",
       "dev.json: /lrs/median_ohm: error: duplicate key"},
      {"{" + lrs + hrs + R"(, "description": [{"a": 1}, {"b": 1, "b": 2}]})",
       "dev.json: /description/1/b: error: duplicate key"},
  };
  for (const auto &[text, error] : cases)
    EXPECT_EQ(parseError(text), error) << text;
}

TEST(DeviceJson, ModelJsonGivesEveryModelBack) {
  for (const DeviceModel &m : devicePresets())
    EXPECT_EQ(parseDeviceModel(deviceModelJson(m).dump(), "x"), m) << m.name;
  DeviceModel odd = devicePresets()[0];
  odd.cell = DeviceModel::Cell::OneT1R;
  odd.verify.enabled = true;
  odd.reference = {DeviceModel::Reference::Trim::None, 12345, 0.1};
  odd.ecc = {DeviceModel::Ecc::Code::Secded, 32, 1};
  EXPECT_EQ(parseDeviceModel(deviceModelJson(odd).dump(), "x"), odd);
}

// A name gives the programming law's device for that condition, which the data file tabulates
// (read here, not through devicePresets(), which loadDeviceModel returns from): equal to the
// entry of that name to the 7 digits the file holds, and the three names give three different
// models.
TEST(DeviceJson, LoadsPresetsByName) {
  json doc = json::parse(readFileText(BNNC_SOURCE_DIR "/data/devices.json"));
  std::vector<DeviceModel> loaded;
  for (const json &entry : doc.at("devices")) {
    std::string name = entry.at("name").get<std::string>();
    loaded.push_back(loadDeviceModel(name));
    expectJsonNear(deviceModelJson(parseDeviceModel(entry.dump(), "data/devices.json")),
                   deviceModelJson(loaded.back()), 1e-6, name);
    EXPECT_EQ(loaded.back().name, name);
  }
  ASSERT_EQ(loaded.size(), 3u);
  EXPECT_NE(loaded[0], loaded[1]);
  EXPECT_NE(loaded[1], loaded[2]);
  EXPECT_NE(loaded[0], loaded[2]);
}

TEST(DeviceJson, LoadsFilesAndNamesTheirErrors) {
  std::string dir = testing::TempDir();
  std::string path = dir + "/bnnc_device_model.json";
  writeFileAtomic(path, std::vector<uint8_t>(kMinimal, kMinimal + std::strlen(kMinimal)));
  DeviceModel m = loadDeviceModel(path);
  EXPECT_EQ(m.name, path);
  EXPECT_EQ(m.hrs.median_ohm, 10000);

  const std::string bad = R"({"lrs": {"median_ohm": 1000}})";
  writeFileAtomic(path, std::vector<uint8_t>(bad.begin(), bad.end()));
  EXPECT_EQ(loadError(path), path + ": /hrs: error: required key is missing");
  std::filesystem::remove(path);
  EXPECT_EQ(loadError(path), path + ": error: cannot open file: No such file or directory");
  EXPECT_EQ(loadError("missing.json"),
            "missing.json: error: cannot open file: No such file or directory");
  EXPECT_EQ(
      loadError("fast"),
      "--device: error: unknown device preset 'fast' (known: typical, endurance, low-energy)");
}

TEST(DeviceJson, EnvironmentChecks) {
  EXPECT_FALSE(checkEnvironment(Environment{}));
  EXPECT_FALSE(checkEnvironment(Environment{1e9, 3.15e8, 358}));
  auto problem = checkEnvironment(Environment{-1, 0, 300});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->field, "cycles");
  EXPECT_EQ(problem->message, "must be a non-negative number, got -1");
  problem = checkEnvironment(Environment{0, -2.5, 300});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->field, "retention_s");
  EXPECT_EQ(problem->message, "must be a non-negative number, got -2.5");
  problem = checkEnvironment(Environment{0, 0, 0});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->field, "temperature_k");
  EXPECT_EQ(problem->message, "must be a number in (0, 2000], got 0");
}

} // namespace
} // namespace bnnc::device
