// Where a device model comes from besides its own file: a base (preset, device model or
// condition file) it overrides, and measured resistance distributions (CSV).
#include "bnnc/device/device_model.h"
#include "bnnc/device/physics.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/random.h"

#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

// Writes `text` to a fresh file of the test's temporary directory and returns its path.
std::string writeTemp(const std::string &name, const std::string &text) {
  std::string path = testing::TempDir() + "/bnnc_sources_" + name;
  writeFileAtomic(path, std::vector<uint8_t>(text.begin(), text.end()));
  return path;
}

std::string errorOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(DeviceSources, BaseIsAPresetTheFileOverrides) {
  DeviceModel m = parseDeviceModel(R"({"base": "endurance", "cell": "1T1R",
                                       "hrs": {"median_ohm": 40000}})",
                                   "dev.json");
  DeviceModel e = devicePresets()[1];
  e.name = "dev.json";
  e.cell = DeviceModel::Cell::OneT1R;
  e.hrs.median_ohm = 40000; // the other HRS fields stay the preset's
  EXPECT_EQ(m, e);
}

TEST(DeviceSources, BasesNestAndAreFoundNextToTheFile) {
  std::string dir = testing::TempDir() + "/bnnc_sources_nest";
  std::filesystem::create_directories(dir);
  std::string inner = dir + "/inner.json";
  std::string text = R"({"base": "low-energy", "read_sigma": 0.2})";
  writeFileAtomic(inner, std::vector<uint8_t>(text.begin(), text.end()));
  std::string outer = R"({"base": "inner.json", "series_ohm": 10})"; // relative to its file
  DeviceModel m = parseDeviceModel(outer, dir + "/outer.json");
  EXPECT_EQ(m.read_sigma, 0.2);
  EXPECT_EQ(m.series_ohm, 10);
  EXPECT_EQ(m.hrs, devicePresets()[2].hrs);
  // A file that is its own base is stopped.
  std::string self = R"({"base": "self.json"})";
  writeFileAtomic(dir + "/self.json", std::vector<uint8_t>(self.begin(), self.end()));
  std::string self_path = std::filesystem::path(dir + "/self.json").lexically_normal().string();
  EXPECT_EQ(errorOf([&] { loadDeviceModel(dir + "/self.json"); }),
            self_path + ": /base: error: bases nest deeper than 8 files (does a file name "
                        "itself?)");
}

TEST(DeviceSources, AConditionFileGivesTheLawsDevice) {
  std::string path = writeTemp("cond.json", R"({"name": "slow", "set_compliance_ua": 150,
      "reset_voltage_v": 2.2, "pulse_ns": 2000, "verify": {"margin": 1.2}})");
  DeviceModel m = loadDeviceModel(path);
  image::Condition c = loadCondition(path).condition;
  DeviceModel e = lawDevice(defaultProgrammingLaw(), c, DeviceModel::Verify{true, 3, 1.2});
  e.name = path;
  EXPECT_EQ(m, e);
  EXPECT_NEAR(m.lrs.median_ohm, 4000, 1e-9); // 0.6 V / 150 uA
  // As a base too.
  DeviceModel b = parseDeviceModel("{\"base\": \"" + path + "\", \"cell\": \"1T1R\"}", "x.json");
  EXPECT_EQ(b.hrs, e.hrs);
  EXPECT_EQ(b.verify, e.verify);
}

// Measured values drawn from N(ln 1000, 0.5^2) and N(ln 5000, 0.8^2) by quantile (no noise): a
// rate of a few percent, which 4000 values resolve (an empirical distribution says nothing of
// rates below about 1 / n).
std::string measuredCsv(int n) {
  std::string csv = "condition,state,resistance_ohm\n";
  for (int i = 0; i < n; ++i) {
    double z = normalQuantile((i + 0.5) / n);
    csv += "typical,LRS," + std::to_string(1000 * std::exp(0.5 * z)) + "\n";
    csv += "typical,HRS," + std::to_string(5000 * std::exp(0.8 * z)) + "\n";
    csv += "other,HRS,5\n";
  }
  return csv;
}

TEST(DeviceSources, MeasuredDistributionsActLikeTheirLogNormal) {
  std::string csv = writeTemp("measured.csv", measuredCsv(4000));
  std::string text = R"({"condition": "typical", "lrs": {"median_ohm": 1000, "sigma_d2d": 0.5},
      "hrs": {"median_ohm": 5000, "sigma_d2d": 0.8}, "read_sigma": 0.1, "measured": {"file": ")" +
                     std::filesystem::path(csv).filename().string() + "\"}}";
  DeviceModel m = parseDeviceModel(text, testing::TempDir() + "/dev.json");
  ASSERT_TRUE(m.measured);
  EXPECT_EQ(m.measured->lrs.size(), 4000u);
  EXPECT_EQ(m.measured->file, std::filesystem::absolute(csv).lexically_normal().string());
  DeviceModel gauss = m;
  gauss.measured.reset();
  // The empirical rates follow the log-normal ones they were drawn from.
  for (DeviceModel::Cell cell : {DeviceModel::Cell::TwoT2R, DeviceModel::Cell::OneT1R}) {
    m.cell = gauss.cell = cell;
    double a = analyticBitErrorRate(gauss, {}), b = analyticBitErrorRate(m, {});
    EXPECT_NEAR(b, a, 0.05 * a) << int(cell);
  }
  // A device's draw is the empirical quantile of its standard score.
  Physics phys(m, {});
  EXPECT_NEAR(phys.programmed(State::Hrs, phys.aged(), 1.0, 0.0), std::log(5000.0) + 0.8, 1e-3);
  // deviceModelJson names the file as resolved: parsing it again reads the same values.
  EXPECT_EQ(parseDeviceModel(deviceModelJson(m).dump(), "elsewhere/x.json"), m);
}

TEST(DeviceSources, MeasuredFileErrorsNameTheLine) {
  auto load = [](const std::string &csv) {
    std::string path = writeTemp("bad.csv", csv);
    return errorOf([&] {
      parseDeviceModel(R"({"condition": "typical", "lrs": {"median_ohm": 1},
          "hrs": {"median_ohm": 2}, "measured": {"file": ")" +
                           path + "\"}}",
                       "dev.json");
    });
  };
  std::string path = testing::TempDir() + "/bnnc_sources_bad.csv";
  EXPECT_EQ(load("state,resistance_ohm\n"),
            path + ": line 1: error: the header must be 'condition,state,resistance_ohm', got "
                   "'state,resistance_ohm'");
  EXPECT_EQ(load("condition,state,resistance_ohm\ntypical,LRS\n"),
            path + ": line 2: error: expected 3 fields, got 2");
  EXPECT_EQ(load("condition,state,resistance_ohm\n\ntypical,MRS,5\n"),
            path + ": line 3: error: state must be LRS or HRS, got 'MRS'");
  EXPECT_EQ(load("condition,state,resistance_ohm\ntypical,LRS,nan\n"),
            path + ": line 2: error: resistance_ohm must be a number in (0, 1e12], got 'nan'");
  EXPECT_EQ(load("condition,state,resistance_ohm\ntypical,LRS,-3\n"),
            path + ": line 2: error: resistance_ohm must be a number in (0, 1e12], got '-3'");
  EXPECT_EQ(load("condition,state,resistance_ohm\nother,LRS,3\n"),
            path + ": error: 0 LRS resistances for condition 'typical', at least 10 needed "
                   "(conditions in the file: other)");
  EXPECT_EQ(load(""), path + ": error: empty file, expected the header "
                             "'condition,state,resistance_ohm'");
}

} // namespace
} // namespace bnnc::device
