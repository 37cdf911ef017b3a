// The sweep description file: strict JSON (duplicate keys rejected at any depth), known keys only,
// every value checked where it is written.
#include "sweep_spec.h"

#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/text.h"

#include <algorithm>
#include <set>

namespace bnnc::driver::dse {

namespace {

// "/grid/1" + "ber" -> "/grid/1/ber" (escaping '~' and '/'); a pointer holding control characters
// is quoted with escapes so that the message stays one line.
std::string child(const std::string &pointer, const std::string &key) {
  std::string p = pointer + (json::json_pointer() / key).to_string();
  return isPrintableUtf8(p) ? p : quoteForMessage(p);
}
std::string child(const std::string &pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

// Tracks where the parser is, to name a duplicate key by its JSON pointer.
struct Frame {
  bool array = false;
  size_t index = 0;
  std::string key;
  std::set<std::string> keys;
};

// The JSON pointer of the value being parsed.
std::string pointerOf(const std::vector<Frame> &frames) {
  std::string p;
  for (const Frame &f : frames)
    p = f.array ? child(p, f.index) : child(p, f.key);
  return p;
}

// nlohmann's texts: "[json.exception.parse_error.101] parse error at line 2, column 5: syntax
// error ..." -> "line 2, column 5: error: syntax error ..."; others lose their "[...] " tag.
std::string jsonErrorText(const std::string &what) {
  size_t at = what.find("at line ");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  if (colon != std::string::npos)
    return what.substr(at + 3, colon - at - 3) + ": error: " + what.substr(colon + 2);
  size_t end = what.find("] ");
  return "error: " + (end == std::string::npos ? what : what.substr(end + 2));
}

// Parses `text`, rejecting a key given twice at any depth (nlohmann would keep the last one
// silently); syntax errors name the line and column.
json parseStrict(const std::string &text, const std::string &source) {
  std::vector<Frame> frames;
  auto next = [&frames] { // the element just parsed ends: an array moves to its next index
    if (!frames.empty() && frames.back().array)
      ++frames.back().index;
  };
  json::parser_callback_t onEvent = [&](int, json::parse_event_t event, json &parsed) {
    using E = json::parse_event_t;
    if (event == E::object_start || event == E::array_start) {
      frames.push_back(Frame{event == E::array_start, 0, "", {}});
    } else if (event == E::key) {
      Frame &f = frames.back();
      f.key = parsed.get<std::string>();
      if (!f.keys.insert(f.key).second)
        fail(source + ": " + pointerOf(frames), "duplicate key");
    } else if (event == E::object_end || event == E::array_end) {
      frames.pop_back();
      next();
    } else {
      next();
    }
    return true;
  };
  try {
    return json::parse(text, onEvent);
  } catch (const json::exception &e) {
    throw Error(source + ": " + jsonErrorText(e.what()));
  }
}

// A value as messages show it: scalars as JSON text, structures by type ("an array").
std::string typeText(const json &v) {
  return v.is_structured() ? std::string("an ") + v.type_name() : v.dump();
}

// Fails unless `v` is an object ("top level" for the document itself).
void requireObject(const json &v, const std::string &source, const std::string &pointer) {
  if (!v.is_object())
    fail(source + ": " + (pointer.empty() ? "top level" : pointer),
         "must be a JSON object, got " + typeText(v));
}

// The settings of one object {"name": value, ...} at `pointer`.
Settings readSettings(const json &v, const std::string &source, const std::string &pointer) {
  requireObject(v, source, pointer);
  Settings out;
  for (const auto &[key, value] : v.items()) {
    std::string place = source + ": " + child(pointer, key);
    std::string name = canonicalName(key, place);
    auto same = std::find_if(out.begin(), out.end(), [&](auto &s) { return s.name == name; });
    if (same != out.end())
      fail(place, name + " is already set by " + same->place);
    out.push_back({name, checkValue(name, value, place), place});
  }
  return out;
}

// Names swept so far, with the place of the axis that sweeps each.
using Swept = std::vector<std::pair<std::string, std::string>>;

void claim(Swept &swept, const std::string &name, const std::string &place,
           const std::string &axis) {
  auto it = std::find_if(swept.begin(), swept.end(), [&](auto &s) { return s.first == name; });
  if (it != swept.end())
    fail(place, name + " is already swept by " + it->second);
  swept.emplace_back(name, axis);
}

Axis readAxis(const json &v, const std::string &source, const std::string &pointer, Swept &swept) {
  requireObject(v, source, pointer);
  if (v.empty())
    fail(source + ": " + pointer, "must name at least one parameter");
  Axis axis{source + ": " + pointer, {}, {}};
  std::string first;
  for (const auto &[key, values] : v.items()) {
    std::string at = child(pointer, key), place = source + ": " + at;
    std::string name = canonicalName(key, place);
    if (!values.is_array() || values.empty())
      fail(place, "must be a non-empty array of values, got " + typeText(values));
    if (!axis.steps.empty() && values.size() != axis.steps.size())
      fail(place, "has " + std::to_string(values.size()) + " values and " + first + " has " +
                      std::to_string(axis.steps.size()) +
                      "; the parameters of one axis vary together and need as many values each");
    claim(swept, name, place, axis.place);
    axis.steps.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i)
      axis.steps[i].push_back({name, checkValue(name, values[i], place + "/" + std::to_string(i)),
                               place + "/" + std::to_string(i)});
    axis.names.push_back(name);
    first = first.empty() ? at : first;
  }
  return axis;
}

} // namespace

Spec parseSpec(const std::string &text, const std::string &source) {
  json doc = parseStrict(text, source);
  requireObject(doc, source, "");
  Spec spec;
  Swept swept;
  // Keys in file order: the first problem in the file is the one reported.
  for (const auto &[key, v] : doc.items()) {
    std::string pointer = child("", key);
    if (key == "description") {
      if (!v.is_string())
        fail(source + ": " + pointer, "must be a string, got " + typeText(v));
    } else if (key == "base") {
      spec.base = readSettings(v, source, pointer);
    } else if (key == "grid" || key == "points") {
      if (!v.is_array())
        fail(source + ": " + pointer, "must be an array, got " + typeText(v));
      for (size_t i = 0; i < v.size(); ++i)
        if (key == "grid")
          spec.grid.push_back(readAxis(v[i], source, child(pointer, i), swept));
        else
          spec.points.push_back(readSettings(v[i], source, child(pointer, i)));
    } else {
      fail(source + ": " + pointer, "unknown key (known: description, base, grid, points)");
    }
  }
  return spec;
}

Spec loadSpec(const std::string &path) { return parseSpec(readFileText(path), path); }

} // namespace bnnc::driver::dse
