// The sweep description file: strict JSON (duplicate keys rejected at any depth), known keys only,
// every value checked where it is written.
#include "bnnc/sweep/spec.h"

#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/json_input.h"

#include <algorithm>

namespace bnnc::sweep {

namespace {

// "sweep.json: /grid/1/ber": the place a message names.
std::string where(const std::string &source, const std::string &pointer) {
  return source + ": " + pointerPlace(pointer);
}

// Fails unless `v` is an object ("top level" for the document itself).
void requireObject(const json &v, const std::string &source, const std::string &pointer) {
  if (!v.is_object())
    fail(where(source, pointer), "must be a JSON object, got " + describeJson(v));
}

// The settings of one object {"name": value, ...} at `pointer`.
Settings readSettings(const json &v, const std::string &source, const std::string &pointer) {
  requireObject(v, source, pointer);
  Settings out;
  for (const auto &[key, value] : v.items()) {
    std::string place = where(source, childPointer(pointer, key));
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
    fail(where(source, pointer), "must name at least one parameter");
  Axis axis{where(source, pointer), {}, {}};
  std::string first;
  for (const auto &[key, values] : v.items()) {
    std::string at = childPointer(pointer, key), place = where(source, at);
    std::string name = canonicalName(key, place);
    if (!values.is_array() || values.empty())
      fail(place, "must be a non-empty array of values, got " + describeJson(values));
    if (!axis.steps.empty() && values.size() != axis.steps.size())
      fail(place, "has " + std::to_string(values.size()) + " values and " + first + " has " +
                      std::to_string(axis.steps.size()) +
                      "; the parameters of one axis vary together and need as many values each");
    claim(swept, name, place, axis.place);
    axis.steps.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      std::string step = where(source, childPointer(at, i));
      axis.steps[i].push_back({name, checkValue(name, values[i], step), step});
    }
    axis.names.push_back(name);
    first = first.empty() ? pointerPlace(at) : first;
  }
  return axis;
}

} // namespace

Spec parseSpec(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  Spec spec;
  Swept swept;
  // Keys in file order: the first problem in the file is the one reported.
  for (const auto &[key, v] : doc.items()) {
    std::string pointer = childPointer("", key);
    if (key == "description") {
      if (!v.is_string())
        fail(where(source, pointer), "must be a string, got " + describeJson(v));
    } else if (key == "base") {
      spec.base = readSettings(v, source, pointer);
    } else if (key == "grid" || key == "points") {
      if (!v.is_array())
        fail(where(source, pointer), "must be an array, got " + describeJson(v));
      for (size_t i = 0; i < v.size(); ++i)
        if (key == "grid")
          spec.grid.push_back(readAxis(v[i], source, childPointer(pointer, i), swept));
        else
          spec.points.push_back(readSettings(v[i], source, childPointer(pointer, i)));
    } else {
      fail(where(source, pointer), "unknown key (known: description, base, grid, points)");
    }
  }
  return spec;
}

Spec loadSpec(const std::string &path) { return parseSpec(readFileText(path), path); }

} // namespace bnnc::sweep
