// The constants file of learning: parsing, validation and the compiled-in default
// (data/learning.json).
#include "bnnc/learn/constants.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/format.h"
#include "bnnc/support/json_input.h"

#include <array>

namespace bnnc::learn {

namespace {

using json = InputJson;

struct Field {
  const char *key;
  double Constants::*member;
  double min;     // smallest value allowed
  bool exclusive; // the value must be above `min`, not equal to it
};

// In the order of data/learning.json (and of "missing key" checks). The law's fields sit in a
// nested struct, so they are read separately (kLawKeys).
constexpr std::array<Field, 9> kFields = {{
    {"device_read_pj", &Constants::device_read_pj, 0, false},
    {"row_read_ns", &Constants::row_read_ns, 0, false},
    {"mac_pj", &Constants::mac_pj, 0, false},
    {"lut_pj", &Constants::lut_pj, 0, false},
    {"buffer_read_bit_fj", &Constants::buffer_read_bit_fj, 0, false},
    {"rng_pj", &Constants::rng_pj, 0, false},
    {"mac_units", &Constants::mac_units, 1, false},
    {"clock_mhz", &Constants::clock_mhz, 0, true},
    {"cpu_core_w", &Constants::cpu_core_w, 0, false},
}};

struct LawField {
  const char *key;
  double image::ProgrammingLaw::*member;
};
constexpr std::array<LawField, 4> kLawKeys = {{
    {"conductance_exponent", &image::ProgrammingLaw::conductance_exponent},
    {"c2c_exponent", &image::ProgrammingLaw::c2c_exponent},
    {"set_current_min_ua", &image::ProgrammingLaw::set_current_min_ua},
    {"set_current_max_ua", &image::ProgrammingLaw::set_current_max_ua},
}};

[[noreturn]] void fail(const std::string &source, const std::string &at, const std::string &msg) {
  throw Error(source + ": " + pointerPlace(at) + ": error: " + msg);
}

std::string knownKeys() {
  std::string list = "name, description";
  for (const LawField &f : kLawKeys)
    list += std::string(", ") + f.key;
  for (const Field &f : kFields)
    list += std::string(", ") + f.key;
  return list;
}

void readField(Constants &c, const std::string &key, const json &v, const std::string &source) {
  std::string at = childPointer("", key);
  if (key == "name" || key == "description") {
    if (!v.is_string() || (key == "name" && v.get<std::string>().empty()))
      fail(source, at,
           "must be a " + std::string(key == "name" ? "non-empty " : "") + "string, got " +
               describeJson(v));
    if (key == "name")
      c.name = v.get<std::string>();
    return;
  }
  for (const LawField &f : kLawKeys)
    if (key == f.key) {
      c.law.*f.member = readSourcedConstant(v, source, at);
      return;
    }
  for (const Field &f : kFields)
    if (key == f.key) {
      double x = c.*f.member = readSourcedConstant(v, source, at);
      if (f.exclusive ? !(x > f.min) : !(x >= f.min))
        fail(source, childPointer(at, "value"),
             std::string("must be ") + (f.exclusive ? "above " : "at least ") +
                 formatNumber(f.min) + ", got " + formatNumber(x));
      return;
    }
  fail(source, at, "unknown key (known: " + knownKeys() + ")");
}

// The law needs a positive conductance exponent and current range; checked once all is read.
void checkLaw(const image::ProgrammingLaw &law, const std::string &source) {
  if (!(law.conductance_exponent > 0))
    fail(source, "/conductance_exponent/value",
         "must be positive, got " + formatNumber(law.conductance_exponent));
  if (!(law.set_current_min_ua > 0))
    fail(source, "/set_current_min_ua/value",
         "must be positive, got " + formatNumber(law.set_current_min_ua));
  if (!(law.set_current_max_ua > law.set_current_min_ua))
    fail(source, "/set_current_max_ua/value",
         "must be above set_current_min_ua (" + formatNumber(law.set_current_min_ua) + "), got " +
             formatNumber(law.set_current_max_ua));
}

} // namespace

Constants parseConstants(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  Constants c;
  for (const auto &[key, value] : doc.items())
    readField(c, key, value, source);
  // Every constant needs its source, so none may be left out.
  requiredMember(doc, "name", source, "");
  for (const LawField &f : kLawKeys)
    requiredMember(doc, f.key, source, "");
  for (const Field &f : kFields)
    requiredMember(doc, f.key, source, "");
  checkLaw(c.law, source);
  return c;
}

Constants loadConstants(const std::string &path) {
  return parseConstants(readFileText(path), path);
}

// The numbers of data/learning.json; the file gives the source of each (a unit test keeps the
// two equal).
Constants defaultConstants() {
  Constants c;
  c.name = "28nm-periphery-hfo2-1t1r-learning";
  c.law = {1.0, 0.5, 20, 200};
  c.device_read_pj = 2.0;
  c.row_read_ns = 100;
  c.mac_pj = 0.19;
  c.lut_pj = 0.6;
  c.buffer_read_bit_fj = 137;
  c.rng_pj = 0.1;
  c.mac_units = 1;
  c.clock_mhz = 100;
  c.cpu_core_w = 10;
  return c;
}

} // namespace bnnc::learn
