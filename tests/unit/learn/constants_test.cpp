// The constants file: data/learning.json equals the compiled-in default, every constant has a
// source, and malformed files give exact messages with JSON pointers.
#include "bnnc/learn/constants.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace bnnc::learn {
namespace {

const char *kPath = BNNC_SOURCE_DIR "/data/learning.json";

TEST(Constants, DataFileEqualsCompiledInDefault) {
  EXPECT_EQ(loadConstants(kPath), defaultConstants());
}

// Every constant says where it comes from, as the other data files do.
TEST(Constants, EveryConstantHasASource) {
  auto doc = nlohmann::json::parse(readFileText(kPath));
  int constants = 0;
  for (const auto &[key, value] : doc.items()) {
    if (key == "name" || key == "description")
      continue;
    ++constants;
    std::string source = value.at("source").get<std::string>();
    bool known = source.rfind("derivation", 0) == 0 || source.rfind("calibration guess", 0) == 0 ||
                 source.rfind("literature: ", 0) == 0 || source.rfind("(talk) ", 0) == 0;
    EXPECT_TRUE(known) << key << ": " << source;
    EXPECT_GT(source.size(), 100u) << key;
  }
  EXPECT_EQ(constants, 13);
}

std::string errorOf(const std::string &text) {
  try {
    parseConstants(text, "l.json");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

// The default file with one key's JSON replaced (or removed, with `value` empty).
std::string edited(const std::string &key, const std::string &value) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(readFileText(kPath));
  if (value.empty())
    doc.erase(key);
  else
    doc[key] = nlohmann::ordered_json::parse(value);
  return doc.dump();
}

TEST(Constants, ErrorsNameTheKey) {
  EXPECT_EQ(errorOf(edited("mac_pj", R"({"value": -1, "source": "x"})")),
            "l.json: /mac_pj/value: error: must be a non-negative number, got -1");
  EXPECT_EQ(errorOf(edited("mac_units", R"({"value": 0, "source": "x"})")),
            "l.json: /mac_units/value: error: must be at least 1, got 0");
  EXPECT_EQ(errorOf(edited("clock_mhz", R"({"value": 0, "source": "x"})")),
            "l.json: /clock_mhz/value: error: must be above 0, got 0");
  EXPECT_EQ(errorOf(edited("rng_pj", "0.1")),
            "l.json: /rng_pj: error: must be an object with \"value\" and \"source\", got 0.1");
  EXPECT_EQ(errorOf(edited("lut_pj", "")), "l.json: top level: error: missing key \"lut_pj\"");
  EXPECT_EQ(errorOf(edited("set_current_max_ua", R"({"value": 10, "source": "x"})")),
            "l.json: /set_current_max_ua/value: error: must be above set_current_min_ua (20), "
            "got 10");
  EXPECT_EQ(errorOf(edited("conductance_exponent", R"({"value": 0, "source": "x"})")),
            "l.json: /conductance_exponent/value: error: must be positive, got 0");
  EXPECT_EQ(errorOf(edited("pulse_ns", R"({"value": 1, "source": "x"})")),
            "l.json: /pulse_ns: error: unknown key (known: name, description, "
            "conductance_exponent, c2c_exponent, set_current_min_ua, set_current_max_ua, "
            "device_read_pj, row_read_ns, mac_pj, lut_pj, buffer_read_bit_fj, rng_pj, mac_units, "
            "clock_mhz, cpu_core_w)");
  EXPECT_EQ(errorOf(edited("name", "\"\"")),
            "l.json: /name: error: must be a non-empty string, got \"\"");
}

} // namespace
} // namespace bnnc::learn
