// The technology file: parsing, validation and the compiled-in default (data/technology.json).
#include "bnnc/energy/energy.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/json_input.h"

#include <array>

namespace bnnc::energy {

namespace {

using json = InputJson;

constexpr size_t kMaxNameBytes = 255;

// The per-event constants, in the order of the header (and of "missing key" checks).
struct ConstantField {
  const char *key;
  double Technology::*member;
};
constexpr std::array<ConstantField, 10> kConstants = {{
    {"sense_read_fj", &Technology::sense_read_fj},
    {"sense_read_1t1r_fj", &Technology::sense_read_1t1r_fj},
    {"popcount_bit_fj", &Technology::popcount_bit_fj},
    {"compare_fj", &Technology::compare_fj},
    {"buffer_read_bit_fj", &Technology::buffer_read_bit_fj},
    {"buffer_write_bit_fj", &Technology::buffer_write_bit_fj},
    {"control_cycle_fj", &Technology::control_cycle_fj},
    {"leakage_tile_cycle_fj", &Technology::leakage_tile_cycle_fj},
    {"logic_gate_fj", &Technology::logic_gate_fj},
    {"gate_delay_ps", &Technology::gate_delay_ps},
}};

const char *kKnownKeys = "name, description, sense_read_fj, sense_read_1t1r_fj, "
                         "popcount_bit_fj, compare_fj, buffer_read_bit_fj, buffer_write_bit_fj, "
                         "control_cycle_fj, leakage_tile_cycle_fj, logic_gate_fj, gate_delay_ps";

[[noreturn]] void fail(const std::string &source, const std::string &at,
                       const std::string &message) {
  throw Error(source + ": " + pointerPlace(at) + ": error: " + message);
}

std::string readName(const json &v, const std::string &source, const std::string &at) {
  if (!v.is_string())
    fail(source, at, "must be a string, got " + describeJson(v));
  std::string name = v.get<std::string>();
  if (name.empty() || name.size() > kMaxNameBytes)
    fail(source, at,
         "must be a string of 1 to " + std::to_string(kMaxNameBytes) + " bytes, got " +
             std::to_string(name.size()) + " bytes");
  return name;
}

void readField(Technology &t, const std::string &key, const json &v, const std::string &source) {
  std::string at = childPointer("", key);
  if (key == "name") {
    t.name = readName(v, source, at);
    return;
  }
  if (key == "description") {
    if (!v.is_string())
      fail(source, at, "must be a string, got " + describeJson(v));
    return;
  }
  for (const ConstantField &c : kConstants)
    if (key == c.key) {
      t.*c.member = readSourcedConstant(v, source, at);
      return;
    }
  fail(source, at, std::string("unknown key (known: ") + kKnownKeys + ")");
}

} // namespace

Technology parseTechnology(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  Technology tech;
  for (const auto &[key, value] : doc.items())
    readField(tech, key, value, source);
  // Every constant needs its source, so none may be left out.
  requiredMember(doc, "name", source, "");
  for (const ConstantField &c : kConstants)
    requiredMember(doc, c.key, source, "");
  return tech;
}

Technology loadTechnology(const std::string &path) {
  return parseTechnology(readFileText(path), path);
}

// The numbers of data/technology.json; the file gives the derivation of each (a unit test keeps
// the two equal).
Technology defaultTechnology() {
  Technology t;
  t.name = "28nm-cmos-hfo2-rram";
  t.sense_read_fj = 25;
  t.sense_read_1t1r_fj = 15;
  t.popcount_bit_fj = 2.0;
  t.compare_fj = 32;
  t.buffer_read_bit_fj = 34;
  t.buffer_write_bit_fj = 34;
  t.control_cycle_fj = 200;
  t.leakage_tile_cycle_fj = 1.6;
  t.logic_gate_fj = 0.2;
  t.gate_delay_ps = 15;
  return t;
}

} // namespace bnnc::energy
