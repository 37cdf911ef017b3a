// The programming law: hand-computed points, the presets as its points (data files included),
// condition files and their errors.
#include "bnnc/device/programming_law.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <cmath>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::device {
namespace {

using json = nlohmann::ordered_json;

image::Condition condition(double ua, double reset_v, double ns) {
  image::Condition c;
  c.name = "c";
  c.set_compliance_ua = ua;
  c.set_voltage_v = 1.5;
  c.reset_voltage_v = reset_v;
  c.pulse_ns = ns;
  return c;
}

TEST(Law, HandComputedPoint) {
  const ProgrammingLaw &law = defaultProgrammingLaw();
  // 150 uA, 2 V, 10 us: V_eff = 2 + 0.15 log10(10) = 2.15 V; R_LRS = 0.6 / 150e-6 = 4000 Ohm (a
  // longer pulse does not lower it); W = 3.344 + 1.307 (2.15 - 2.5) = 2.88655.
  LawPoint p = lawPoint(law, condition(150, 2.0, 10000));
  EXPECT_NEAR(p.effective_reset_v, 2.15, 1e-12);
  EXPECT_NEAR(p.lrs_ohm, 4000, 1e-9);
  EXPECT_NEAR(p.window, 2.88655, 1e-12);
  EXPECT_NEAR(p.hrs_ohm, 4000 * std::exp(2.88655), 1e-6);
  EXPECT_NEAR(p.lrs_sigma, 0.1414 * std::sqrt(4000.0 / 3000), 1e-12);
  EXPECT_NEAR(p.hrs_sigma, 0.61 + 0.084 * (2.88655 - 3.344), 1e-12);
  EXPECT_NEAR(p.endurance_cycles, 1e8 * std::pow(10, -3.5235 * (2.88655 - 3.344) / std::log(10.0)),
              1e-3);
  // SET: 1.5 V x 150 uA x (10000 - 17) ns = 2246.175 pJ; RESET: 2 V x 10 us x (150 uA +
  // 2 V / (R_HRS + 1500 Ohm)) / 2.
  EXPECT_NEAR(p.set_energy_pj, 1.5 * 150 * 9983 / 1000, 1e-9);
  double end_ua = 2.0 / (p.hrs_ohm + 1500) * 1e6;
  EXPECT_NEAR(p.reset_energy_pj, 2.0 * 0.5 * (150 + end_ua) * 10000 / 1000, 1e-9);
  // A short pulse raises the LRS: 0.288 per decade below 1 us.
  EXPECT_NEAR(lawPoint(law, condition(200, 2.0, 100)).lrs_ohm, 3000 * std::exp(0.288), 1e-9);
}

TEST(Law, StrongerResetWidensTheWindowAndShortensTheEndurance) {
  const ProgrammingLaw &law = defaultProgrammingLaw();
  LawPoint weak = lawPoint(law, condition(200, 1.6, 1000));
  LawPoint strong = lawPoint(law, condition(200, 2.4, 1000));
  EXPECT_GT(strong.window, weak.window);
  EXPECT_LT(strong.endurance_cycles, weak.endurance_cycles);
  EXPECT_LT(rawBitErrorRate(lawDevice(law, condition(200, 2.4, 1000)), {}),
            rawBitErrorRate(lawDevice(law, condition(200, 1.6, 1000)), {}));
  EXPECT_GT(lawDevice(law, condition(200, 1.6, 1000)).program_failure_rate,
            lawDevice(law, condition(200, 2.4, 1000)).program_failure_rate);
}

// The presets of data/conditions.json (compiled in by the image module, which cannot call the
// law) carry the law's energies and endurance, rounded; the device presets are the law's.
TEST(Law, PresetsArePointsOfTheLaw) {
  for (const image::Condition &c : image::conditionPresets()) {
    LawPoint p = lawPoint(defaultProgrammingLaw(), c);
    EXPECT_NEAR(c.set_energy_pj, p.set_energy_pj, 0.05) << c.name;
    EXPECT_NEAR(c.reset_energy_pj, p.reset_energy_pj, 0.05) << c.name;
    EXPECT_NEAR(c.endurance_cycles, p.endurance_cycles, 0.01 * p.endurance_cycles) << c.name;
    EXPECT_EQ(loadDeviceModel(c.name), lawDevice(defaultProgrammingLaw(), c)) << c.name;
  }
}

TEST(Law, DataFileEqualsTheCompiledInLaw) {
  std::string text = readFileText(BNNC_SOURCE_DIR "/data/programming-law.json");
  EXPECT_EQ(parseProgrammingLaw(text, "data/programming-law.json"), defaultProgrammingLaw());
  // Every coefficient says where it comes from.
  json doc = json::parse(text);
  for (const auto &[key, v] : doc.items()) {
    if (!v.is_object())
      continue;
    std::string s = v.at("source").get<std::string>();
    bool marked = s.rfind("literature", 0) == 0 || s.rfind("(talk) ", 0) == 0 ||
                  s.rfind("derivation", 0) == 0 || s.rfind("calibration guess", 0) == 0;
    EXPECT_TRUE(marked) << key << ": " << s;
  }
}

std::string conditionError(const std::string &text) {
  try {
    parseConditionFile(text, "cond.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(Law, ConditionFilesTakeTheLawsEnergiesAndRate) {
  ConditionFile f = parseConditionFile(R"({"name": "mine", "set_compliance_ua": 200,
      "reset_voltage_v": 2.5, "pulse_ns": 1000})",
                                       "cond.json");
  const image::Condition &typical = image::conditionByName("typical");
  EXPECT_EQ(f.condition.set_voltage_v, 1.5); // the law's default
  EXPECT_NEAR(f.condition.set_energy_pj, typical.set_energy_pj, 0.05);
  EXPECT_NEAR(f.condition.reset_energy_pj, typical.reset_energy_pj, 0.05);
  EXPECT_NEAR(f.condition.ber_bound, rawBitErrorRate(devicePresets()[0], {}), 1e-20);
  EXPECT_FALSE(f.verify);
  f = parseConditionFile(R"({"name": "v", "set_compliance_ua": 200, "reset_voltage_v": 2,
      "pulse_ns": 100, "set_voltage_v": 2, "verify": {"max_retries": 5, "margin": 1.3}})",
                         "cond.json");
  ASSERT_TRUE(f.verify);
  EXPECT_EQ(*f.verify, (DeviceModel::Verify{true, 5, 1.3}));
  EXPECT_NEAR(f.condition.set_energy_pj, 2 * 200 * 83 / 1000.0, 1e-9);
}

TEST(Law, ConditionFileErrors) {
  const std::string base = R"("name": "x", "set_compliance_ua": 200, "reset_voltage_v": 2)";
  EXPECT_EQ(conditionError("{" + base + "}"),
            "cond.json: /pulse_ns: error: required key is missing");
  EXPECT_EQ(conditionError("{" + base + R"(, "pulse_ns": 5})"),
            "cond.json: /pulse_ns: error: must be in [10, 100000], where the programming law "
            "'hfo2-oxram-2t2r' was calibrated, got 5");
  EXPECT_EQ(conditionError(R"({"name": "x", "set_compliance_ua": 20, "reset_voltage_v": 2,
      "pulse_ns": 100})"),
            "cond.json: /set_compliance_ua: error: must be in [50, 500], where the programming "
            "law 'hfo2-oxram-2t2r' was calibrated, got 20");
  EXPECT_EQ(conditionError("{" + base + R"(, "pulse_ns": 100, "energy_pj": 3})"),
            "cond.json: /energy_pj: error: unknown key (known: name, description, "
            "set_compliance_ua, set_voltage_v, reset_voltage_v, pulse_ns, verify)");
  EXPECT_EQ(conditionError("{" + base + R"(, "pulse_ns": 100, "verify": {"max_retries": 2}})"),
            "cond.json: /verify/margin: error: required key is missing");
  EXPECT_EQ(conditionError(R"({"name": "", "set_compliance_ua": 200, "reset_voltage_v": 2,
      "pulse_ns": 100})"),
            "cond.json: /name: error: must be 1 to 255 bytes of printable UTF-8");
  EXPECT_EQ(conditionError(R"({"name": "x", "set_compliance_ua": 200, "reset_voltage_v": -2,
      "pulse_ns": 100})"),
            "cond.json: /reset_voltage_v: error: must be a positive number, got -2");
}

TEST(Law, LoadConditionTakesPresetsAndFiles) {
  EXPECT_EQ(loadCondition("low-energy").condition, image::conditionByName("low-energy"));
  try {
    loadCondition("fast");
    FAIL();
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "--condition: error: unknown programming condition 'fast' (known: "
                           "typical, endurance, low-energy)");
  }
}

} // namespace
} // namespace bnnc::device
