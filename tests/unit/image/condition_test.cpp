// The programming-condition presets: the compiled-in table equals data/conditions.json, and
// every number there has a source.
#include "bnnc/image/condition.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::image {
namespace {

TEST(Condition, DataFileEqualsCompiledInPresets) {
  auto doc = nlohmann::json::parse(readFileText(BNNC_SOURCE_DIR "/data/conditions.json"));
  const auto &list = doc.at("conditions");
  ASSERT_EQ(list.size(), conditionPresets().size());
  const std::vector<std::string> keys = {"set_compliance_ua", "set_voltage_v",   "reset_voltage_v",
                                         "pulse_ns",          "set_energy_pj",   "reset_energy_pj",
                                         "ber_bound",         "endurance_cycles"};
  for (size_t i = 0; i < list.size(); ++i) {
    const auto &entry = list[i];
    SCOPED_TRACE(entry.dump().substr(0, 40));
    EXPECT_EQ(entry.size(), keys.size() + 1) << "name and the eight values, nothing else";
    std::vector<double> values;
    for (const std::string &key : keys) {
      const auto &field = entry.at(key);
      ASSERT_TRUE(field.at("value").is_number()) << key;
      values.push_back(field.at("value").get<double>());
      std::string source = field.at("source").get<std::string>();
      // The talk's figures are marked "(talk)"; the SET voltage is derived from the talk's SET
      // energy; the pulse energies and the endurance are the programming law's.
      bool law = key == "set_energy_pj" || key == "reset_energy_pj" || key == "endurance_cycles";
      const char *mark = key == "set_voltage_v" ? "derivation from (talk): "
                         : law                  ? "law: "
                                                : "(talk) ";
      EXPECT_EQ(source.rfind(mark, 0), 0u) << key << ": " << source;
    }
    Condition c{entry.at("name").get<std::string>(),
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                values[6],
                values[7]};
    EXPECT_EQ(c, conditionPresets()[i]);
  }
}

// The talk's table (SET compliance, RESET voltage, programming time, 2T2R BER bound) with the
// programming law's SET voltage, pulse energies and endurance (tests/unit/device/law_test.cpp
// checks these against the law).
TEST(Condition, PresetsAreTheTalksTable) {
  const Condition &t = conditionByName("typical");
  EXPECT_EQ(t, (Condition{"typical", 200, 1.5, 2.5, 1000, 294.9, 286.1, 1e-7, 1e8}));
  EXPECT_EQ(conditionByName("endurance"),
            (Condition{"endurance", 200, 1.5, 1.5, 1000, 294.9, 195.9, 1e-4, 1e10}));
  EXPECT_EQ(conditionByName("low-energy"),
            (Condition{"low-energy", 200, 1.5, 2, 100, 24.9, 24.0, 1e-5, 2e9}));
}

TEST(Condition, UnknownNameListsThePresets) {
  try {
    conditionByName("fast");
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_EQ(std::string(e.what()), "--condition: error: unknown programming condition 'fast' "
                                     "(known: typical, endurance, low-energy)");
  }
}

} // namespace
} // namespace bnnc::image
