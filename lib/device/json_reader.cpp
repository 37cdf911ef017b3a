// The strict JSON reader of device model files.
#include "json_reader.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"

#include <algorithm>

namespace bnnc::device {

namespace {

// What a value was, for "got ...": numbers as messages show them ("2e+12", "-1"), anything else
// as describeJson does ("\"3k\"", "an array").
std::string gotText(const json &v) {
  return v.is_number() ? numberText(v.get<double>()) : describeJson(v);
}

std::string rangeText(const Range &r) {
  if (r.integral)
    return "an integer in [" + numberText(r.lo) + ", " + numberText(r.hi) + "]";
  if (r.lo == 0 && !r.lo_open && r.hi == 1)
    return "a number in [0, 1]";
  if (r.lo == 0)
    return r.lo_open ? "a positive number" : "a non-negative number";
  return std::string("a number in ") + (r.lo_open ? "(" : "[") + numberText(r.lo) + ", " +
         numberText(r.hi) + "]";
}

} // namespace

std::string numberText(double v) { return formatNumber(v); }

void JsonReader::fail(const std::string &pointer, const std::string &message) const {
  throw Error(source_ + ": " + pointerPlace(pointer) + ": error: " + message);
}

void JsonReader::object(const json &v, const std::string &pointer,
                        std::initializer_list<const char *> known, const Visitor &visit) const {
  objectOf(v, pointer, std::vector<const char *>(known), visit);
}

void JsonReader::objectOf(const json &v, const std::string &pointer,
                          const std::vector<const char *> &known, const Visitor &visit) const {
  if (!v.is_object())
    fail(pointer, "must be a JSON object, got " + gotText(v));
  for (const auto &item : v.items()) {
    const std::string &key = item.key();
    bool ok = std::any_of(known.begin(), known.end(), [&](const char *k) { return key == k; });
    if (!ok) {
      std::string list;
      for (const char *k : known)
        list += (list.empty() ? "" : ", ") + std::string(k);
      fail(childPointer(pointer, key), "unknown key (known: " + list + ")");
    }
    visit(key, item.value(), childPointer(pointer, key));
  }
}

void JsonReader::require(const json &v, const std::string &pointer, const char *key) const {
  if (!v.contains(key))
    fail(childPointer(pointer, key), "required key is missing");
}

double JsonReader::number(const json &v, const std::string &pointer, const Range &range) const {
  if (v.is_object()) {
    // The documented form {"value": number, "source": "where it comes from"}.
    object(v, pointer, {"value", "source"},
           [&](const std::string &key, const json &x, const std::string &p) {
             if (key == "source")
               string(x, p);
           });
    require(v, pointer, "value");
    require(v, pointer, "source");
    return number(v.at("value"), childPointer(pointer, "value"), range);
  }
  bool wrong_type = !v.is_number() || (range.integral && !v.is_number_integer());
  double x = v.is_number() ? v.get<double>() : 0;
  bool below = range.lo_open ? !(x > range.lo) : !(x >= range.lo);
  bool above = !(x <= range.hi);
  // "a positive number" does not say the upper bound, which then gets its own message.
  bool says_hi = range.integral || range.lo != 0 || (range.hi == 1 && !range.lo_open);
  if (wrong_type || below || (above && says_hi))
    fail(pointer, "must be " + rangeText(range) + ", got " + gotText(v));
  if (above)
    fail(pointer, "must be at most " + numberText(range.hi) + ", got " + gotText(v));
  return x;
}

double JsonReader::sourcedNumber(const json &v, const std::string &pointer,
                                 const Range &range) const {
  if (!v.is_object())
    fail(pointer, "must be an object with \"value\" and \"source\", got " + gotText(v));
  double x = number(v, pointer, range);
  if (v.at("source").get<std::string>().empty())
    fail(childPointer(pointer, "source"), "must be a non-empty string");
  return x;
}

std::string JsonReader::string(const json &v, const std::string &pointer) const {
  if (!v.is_string())
    fail(pointer, "must be a string, got " + gotText(v));
  return v.get<std::string>();
}

bool JsonReader::boolean(const json &v, const std::string &pointer) const {
  if (!v.is_boolean())
    fail(pointer, "must be true or false, got " + gotText(v));
  return v.get<bool>();
}

} // namespace bnnc::device
