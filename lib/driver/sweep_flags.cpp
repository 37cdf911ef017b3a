// The command-line flags of bnnc sweep as description settings: base values and grid axes.
#include "bnnc/driver/sweep_flags.h"

#include "bnnc/support/error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace bnnc::driver {

using sweep::Axis;
using sweep::checkValue;
using sweep::fail;
using sweep::json;
using sweep::Setting;
using sweep::Spec;

namespace {

// "a,b,c" -> {"a", "b", "c"}; empty items are kept (and fail their value check).
std::vector<std::string> splitList(const std::string &text, const std::string &flag) {
  if (text.empty())
    fail(flag, "must be a comma-separated list of values, got ''");
  std::vector<std::string> items;
  size_t start = 0;
  for (size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
    items.push_back(text.substr(start, comma - start));
  items.push_back(text.substr(start));
  return items;
}

// A flag's base value replaces the description's.
void setBase(Spec &spec, const std::string &name, const json &value, const std::string &flag) {
  std::erase_if(spec.base, [&](const Setting &s) { return s.name == name; });
  spec.base.push_back({name, checkValue(name, value, flag), flag});
}

// A parameter has one axis: a flag cannot sweep what the file (or another flag) sweeps.
void checkNotSwept(const Spec &spec, const std::string &name, const std::string &flag) {
  for (const Axis &a : spec.grid)
    if (std::find(a.names.begin(), a.names.end(), name) != a.names.end())
      fail(flag, name + " is already swept by " + a.place);
}

// One axis of a single parameter from a comma-separated list.
void addAxis(Spec &spec, const std::string &name, const std::string &text,
             const std::string &flag) {
  checkNotSwept(spec, name, flag);
  Axis axis{flag, {name}, {}};
  for (const std::string &item : splitList(text, flag))
    axis.steps.push_back({{name, parseFlagValue(name, item, flag), flag}});
  spec.grid.push_back(std::move(axis));
}

// --tile 64x64,128x128 (or 64,128 for square tiles): tile_rows and tile_cols together.
void addTiles(Spec &spec, const std::string &text) {
  const std::string flag = "--tile";
  checkNotSwept(spec, "tile_rows", flag);
  checkNotSwept(spec, "tile_cols", flag);
  Axis axis{flag, {"tile_rows", "tile_cols"}, {}};
  for (const std::string &item : splitList(text, flag)) {
    size_t x = item.find('x');
    std::string rows = item.substr(0, x), cols = x == std::string::npos ? rows : item.substr(x + 1);
    if (rows.empty() || cols.empty())
      fail(flag, "must be ROWSxCOLS or N (square tiles), got '" + item + "'");
    axis.steps.push_back({{"tile_rows", parseFlagValue("tile_rows", rows, flag), flag},
                          {"tile_cols", parseFlagValue("tile_cols", cols, flag), flag}});
  }
  spec.grid.push_back(std::move(axis));
}

// --param NAME=V1,V2,...: any parameter.
void addParam(Spec &spec, const std::string &text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    fail("--param", "must be NAME=VALUE[,VALUE...], got '" + text + "'");
  std::string flag = "--param " + text.substr(0, eq);
  std::string name = sweep::canonicalName(text.substr(0, eq), flag);
  addAxis(spec, name, text.substr(eq + 1), flag);
}

} // namespace

void addFlags(Spec &spec, const SweepRequest &r) {
  if (!r.model.empty())
    setBase(spec, "model", r.model, "MODEL");
  if (r.arch)
    setBase(spec, "arch", *r.arch, "--arch");
  if (r.device)
    setBase(spec, "device", *r.device, "--device");
  if (r.chips)
    setBase(spec, "chips", *r.chips, "--chips");
  if (r.seed)
    setBase(spec, "seed", *r.seed, "--seed");
  if (r.models)
    addAxis(spec, "model", *r.models, "--model");
  if (r.tiles)
    addTiles(spec, *r.tiles);
  const std::pair<const std::optional<std::string> *, const char *> lists[] = {
      {&r.conditions, "condition"},
      {&r.cycles, "cycles"},
      {&r.retention_s, "retention_time_s"},
      {&r.temperatures, "temperature_k"},
      {&r.bers, "ber"}};
  const char *flags[] = {"--condition", "--cycles", "--retention-time", "--temperature", "--ber"};
  for (size_t i = 0; i < std::size(lists); ++i)
    if (*lists[i].first)
      addAxis(spec, lists[i].second, **lists[i].first, flags[i]);
  for (const std::string &p : r.params)
    addParam(spec, p);
}

json parseFlagValue(const std::string &name, const std::string &text, const std::string &place) {
  if (name == "arch" || name == "condition" || name == "device" || name == "model" ||
      name == "fault_map")
    return checkValue(name, json(text), place);
  // An integer where one parses whole, else a finite number, else (device fields) a boolean,
  // else the text: the parameter's check then says what it needed.
  int64_t i = 0;
  const char *end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, i);
  if (ec == std::errc() && p == end && !text.empty())
    return checkValue(name, i >= 0 ? json(uint64_t(i)) : json(i), place);
  char *stop = nullptr;
  double x = std::strtod(text.c_str(), &stop);
  if (!text.empty() && stop == end && std::isfinite(x) &&
      !std::isspace(static_cast<unsigned char>(text[0])))
    return checkValue(name, json(x), place);
  if (sweep::isDeviceField(name) && (text == "true" || text == "false"))
    return json(text == "true");
  return checkValue(name, json(text), place); // a string: an error for a numeric parameter
}

} // namespace bnnc::driver
