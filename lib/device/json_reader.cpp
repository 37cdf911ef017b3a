// The strict JSON reader of device model files.
#include "json_reader.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"

#include <algorithm>
#include <set>
#include <vector>

namespace bnnc::device {

namespace {

// nlohmann's parse_error text is "[json.exception.parse_error.101] parse error at line 2,
// column 5: syntax error ..."; this returns "line 2, column 5: error: syntax error ...".
std::string parseErrorText(const std::string &what) {
  size_t at = what.find("at line ");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  if (colon == std::string::npos)
    return "error: " + what;
  return what.substr(at + 3, colon - at - 3) + ": error: " + what.substr(colon + 2);
}

// One open object or array while parsing, to name the place of a duplicate key.
struct Frame {
  bool array = false;
  int64_t index = 0; // array: index of the current element
  std::string key;   // object: the current key
  std::set<std::string> seen;
};

std::string framesPointer(const std::vector<Frame> &frames) {
  std::string p;
  for (const Frame &f : frames)
    p = childPointer(p, f.array ? std::to_string(f.index) : f.key);
  return p;
}

// What a value was, for "got ...": numbers as messages show them ("2e+12", "-1"), anything else
// as JSON text ("\"3k\"", "[1]").
std::string gotText(const json &v) {
  return v.is_number() ? numberText(v.get<double>()) : v.dump();
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

std::string childPointer(const std::string &pointer, const std::string &key) {
  std::string escaped;
  for (char ch : key)
    escaped += ch == '~' ? "~0" : ch == '/' ? "~1" : std::string(1, ch);
  return pointer + "/" + escaped;
}

std::string numberText(double v) { return formatNumber(v); }

json parseStrictObject(const std::string &text, const std::string &source) {
  JsonReader reader(source);
  std::vector<Frame> frames;
  // Tracks the open containers; a key already seen in the innermost object is an error.
  json::parser_callback_t onEvent = [&](int, json::parse_event_t event, json &parsed) {
    using E = json::parse_event_t;
    if (event == E::object_start || event == E::array_start)
      frames.push_back(Frame{event == E::array_start, 0, "", {}});
    if (event == E::key) {
      Frame &f = frames.back();
      f.key = parsed.get<std::string>();
      if (!f.seen.insert(f.key).second)
        reader.fail(framesPointer(frames), "duplicate key");
    }
    if (event == E::object_end || event == E::array_end)
      frames.pop_back();
    bool element_done = event == E::value || event == E::object_end || event == E::array_end;
    if (element_done && !frames.empty() && frames.back().array)
      ++frames.back().index;
    return true;
  };
  json doc;
  try {
    doc = json::parse(text, onEvent);
  } catch (const json::parse_error &e) {
    throw Error(source + ": " + parseErrorText(e.what()));
  }
  if (!doc.is_object())
    throw Error(source + ": top level: error: must be a JSON object, got " + doc.type_name());
  return doc;
}

void JsonReader::fail(const std::string &pointer, const std::string &message) const {
  throw Error(source_ + ": " + pointer + ": error: " + message);
}

void JsonReader::object(const json &v, const std::string &pointer,
                        std::initializer_list<const char *> known, const Visitor &visit) const {
  if (!v.is_object())
    fail(pointer, std::string("must be a JSON object, got ") + v.type_name());
  for (const auto &[key, value] : v.items()) {
    bool ok = std::any_of(known.begin(), known.end(), [&](const char *k) { return key == k; });
    if (!ok) {
      std::string list;
      for (const char *k : known)
        list += (list.empty() ? "" : ", ") + std::string(k);
      fail(childPointer(pointer, key), "unknown key (known: " + list + ")");
    }
    visit(key, value, childPointer(pointer, key));
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
