// The technology file: parsing, validation and the compiled-in default (data/technology.json).
#include "bnnc/energy/energy.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <algorithm>
#include <array>

namespace bnnc::energy {

namespace {

// Ordered, so that keys are checked in the order the file gives them.
using json = nlohmann::ordered_json;

constexpr size_t kMaxNameBytes = 255;

// The per-event constants, in the order of the header (and of "missing key" checks).
struct ConstantField {
  const char *key;
  double Technology::*member;
};
constexpr std::array<ConstantField, 7> kConstants = {{
    {"sense_read_fj", &Technology::sense_read_fj},
    {"popcount_bit_fj", &Technology::popcount_bit_fj},
    {"compare_fj", &Technology::compare_fj},
    {"buffer_read_bit_fj", &Technology::buffer_read_bit_fj},
    {"buffer_write_bit_fj", &Technology::buffer_write_bit_fj},
    {"control_cycle_fj", &Technology::control_cycle_fj},
    {"leakage_tile_cycle_fj", &Technology::leakage_tile_cycle_fj},
}};

const char *kKnownKeys = "name, description, sense_read_fj, popcount_bit_fj, compare_fj, "
                         "buffer_read_bit_fj, buffer_write_bit_fj, control_cycle_fj, "
                         "leakage_tile_cycle_fj";

[[noreturn]] void fail(const std::string &source, const json::json_pointer &at,
                       const std::string &message) {
  std::string place = at.empty() ? "top level" : at.to_string();
  throw Error(source + ": " + place + ": error: " + message);
}

const json &member(const json &object, const char *key, const std::string &source,
                   const json::json_pointer &at) {
  auto it = object.find(key);
  if (it == object.end())
    fail(source, at, std::string("missing key \"") + key + "\"");
  return *it;
}

// {"value": number >= 0, "source": non-empty string}, nothing else.
double readConstant(const json &v, const std::string &source, const json::json_pointer &at) {
  if (!v.is_object())
    fail(source, at, "must be an object with \"value\" and \"source\", got " + v.dump());
  for (const auto &[key, item] : v.items()) {
    if (key == "value") {
      // The negated comparison also rejects NaN; JSON numbers are finite (overflow is a parse
      // error), so no infinity can reach here.
      if (!item.is_number() || !(item.get<double>() >= 0))
        fail(source, at / key, "must be a non-negative number, got " + item.dump());
    } else if (key == "source") {
      if (!item.is_string() || item.get<std::string>().empty())
        fail(source, at / key, "must be a non-empty string, got " + item.dump());
    } else {
      fail(source, at / key, "unknown key (known: value, source)");
    }
  }
  member(v, "source", source, at);
  return member(v, "value", source, at).get<double>();
}

std::string readName(const json &v, const std::string &source, const json::json_pointer &at) {
  if (!v.is_string())
    fail(source, at, "must be a string, got " + v.dump());
  std::string name = v.get<std::string>();
  if (name.empty() || name.size() > kMaxNameBytes)
    fail(source, at,
         "must be a string of 1 to " + std::to_string(kMaxNameBytes) + " bytes, got " +
             std::to_string(name.size()) + " bytes");
  return name;
}

void readField(Technology &t, const std::string &key, const json &v, const std::string &source) {
  json::json_pointer at = json::json_pointer() / key;
  if (key == "name") {
    t.name = readName(v, source, at);
    return;
  }
  if (key == "description") {
    if (!v.is_string())
      fail(source, at, "must be a string, got " + v.dump());
    return;
  }
  for (const ConstantField &c : kConstants)
    if (key == c.key) {
      t.*c.member = readConstant(v, source, at);
      return;
    }
  fail(source, at, std::string("unknown key (known: ") + kKnownKeys + ")");
}

// nlohmann's parse_error text is "[json.exception.parse_error.101] parse error at line 2,
// column 5: syntax error ..."; this returns "line 2, column 5: error: syntax error ...". Other
// parser exceptions (number overflow) carry no position: "error: number overflow ...".
std::string parseErrorText(const std::string &what) {
  size_t at = what.find("at line ");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  if (colon == std::string::npos) {
    size_t tag = what.find("] ");
    return "error: " + (tag == std::string::npos ? what : what.substr(tag + 2));
  }
  return what.substr(at + 3, colon - at - 3) + ": error: " + what.substr(colon + 2);
}

// Rejects a key given twice in any object (nlohmann would keep the last one silently). The
// pointer is built from the keys of the enclosing objects; inside arrays (which the schema never
// has) the type checks report the problem instead.
json parseRejectingDuplicates(const std::string &text, const std::string &source) {
  struct Frame {
    bool object = false;
    std::string key; // the key being read in this object
    std::vector<std::string> seen;
  };
  std::vector<Frame> frames;
  auto pointer = [&](const std::string &key) {
    json::json_pointer p;
    for (size_t i = 0; i + 1 < frames.size(); ++i)
      p /= frames[i].key;
    return p / key;
  };
  json::parser_callback_t onEvent = [&](int, json::parse_event_t event, json &parsed) {
    using E = json::parse_event_t;
    if (event == E::object_start || event == E::array_start)
      frames.push_back(Frame{event == E::object_start, {}, {}});
    else if (event == E::object_end || event == E::array_end)
      frames.pop_back();
    else if (event == E::key) {
      Frame &f = frames.back();
      f.key = parsed.get<std::string>();
      bool inObjects = std::all_of(frames.begin(), frames.end(), [](auto &x) { return x.object; });
      if (inObjects && std::find(f.seen.begin(), f.seen.end(), f.key) != f.seen.end())
        fail(source, pointer(f.key), "duplicate key");
      f.seen.push_back(f.key);
    }
    return true;
  };
  return json::parse(text, onEvent);
}

} // namespace

Technology parseTechnology(const std::string &text, const std::string &source) {
  json doc;
  try {
    doc = parseRejectingDuplicates(text, source);
  } catch (const json::exception &e) {
    throw Error(source + ": " + parseErrorText(e.what()));
  }
  if (!doc.is_object())
    fail(source, json::json_pointer(),
         std::string("must be a JSON object, got ") + doc.type_name());
  Technology tech;
  for (const auto &[key, value] : doc.items())
    readField(tech, key, value, source);
  // Every constant needs its source, so none may be left out.
  const json::json_pointer top;
  member(doc, "name", source, top);
  for (const ConstantField &c : kConstants)
    member(doc, c.key, source, top);
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
  t.popcount_bit_fj = 2.0;
  t.compare_fj = 32;
  t.buffer_read_bit_fj = 34;
  t.buffer_write_bit_fj = 34;
  t.control_cycle_fj = 200;
  t.leakage_tile_cycle_fj = 1.6;
  return t;
}

} // namespace bnnc::energy
