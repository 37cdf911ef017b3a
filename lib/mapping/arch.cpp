// The architecture file: parsing, validation and the compiled-in default.
#include "bnnc/mapping/arch.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/format.h"
#include "bnnc/support/json_input.h"

#include <climits>
#include <cmath>

namespace bnnc::mapping {

namespace {

// Ordered, so that keys are checked in the order the file gives them.
using json = InputJson;

std::optional<ArchProblem> checkInt(const char *field, int64_t v, int64_t max) {
  if (v < 1)
    return ArchProblem{field, "must be a positive integer, got " + std::to_string(v)};
  if (v > max)
    return ArchProblem{field,
                       "must be at most " + std::to_string(max) + ", got " + std::to_string(v)};
  return std::nullopt;
}

// A popcount of `bits` bits counts 0 .. 2^bits - 1, and a row read of a tile can match on all
// tile_cols columns, so 2^bits - 1 >= tile_cols is needed.
std::optional<ArchProblem> checkPopcount(const Arch &a) {
  int64_t maxCount = (int64_t(1) << a.popcount_bits) - 1;
  if (maxCount >= a.tile_cols)
    return std::nullopt;
  int64_t need = 1;
  while ((int64_t(1) << need) - 1 < a.tile_cols)
    ++need;
  return ArchProblem{"popcount_bits",
                     "2^" + std::to_string(a.popcount_bits) + " - 1 = " + std::to_string(maxCount) +
                         " cannot hold tile_cols = " + std::to_string(a.tile_cols) + "; at least " +
                         std::to_string(need) + " bits are needed"};
}

[[noreturn]] void fail(const std::string &source, const std::string &pointer,
                       const std::string &message) {
  throw Error(source + ": " + pointer + ": error: " + message);
}

// "/tile_rows", quoted with escapes when the key holds control characters.
std::string pointerTo(const std::string &key) { return pointerPlace(childPointer("", key)); }

// An integer field; the value is stored as is and range-checked later by checkArch (only a value
// beyond int64 is rejected here, as it cannot be stored).
int64_t readInt(const json &v, const std::string &source, const std::string &key, int64_t max) {
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX))
    fail(source, pointerTo(key),
         "must be at most " + std::to_string(max) + ", got " + describeJson(v));
  if (!v.is_number_integer())
    fail(source, pointerTo(key), "must be a positive integer, got " + describeJson(v));
  return v.get<int64_t>();
}

void readField(Arch &a, const std::string &key, const json &v, const std::string &source) {
  if (key == "name") {
    if (!v.is_string())
      fail(source, pointerTo(key), "must be a string, got " + describeJson(v));
    a.name = v.get<std::string>();
  } else if (key == "tile_rows") {
    a.tile_rows = readInt(v, source, key, kMaxTileRows);
  } else if (key == "tile_cols") {
    a.tile_cols = readInt(v, source, key, kMaxTileCols);
  } else if (key == "popcount_bits") {
    a.popcount_bits = readInt(v, source, key, kMaxPopcountBits);
  } else if (key == "tiles") {
    a.tiles = readInt(v, source, key, kMaxTiles);
  } else if (key == "clock_mhz") {
    if (!v.is_number())
      fail(source, pointerTo(key), "must be a positive number, got " + describeJson(v));
    a.clock_mhz = v.get<double>();
  } else if (key == "spare_cols") {
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<int64_t>() < 0))
      fail(source, pointerTo(key), "must be a non-negative integer, got " + describeJson(v));
    // Beyond int64 or any tile: clamped for checkArch, which names the limit.
    a.spare_cols = v.get<uint64_t>() > uint64_t(kMaxTileCols) ? kMaxTileCols + 1 : v.get<int64_t>();
  } else {
    fail(source, pointerTo(key),
         "unknown key (known: name, tile_rows, tile_cols, popcount_bits, "
         "tiles, clock_mhz, spare_cols)");
  }
}

} // namespace

std::optional<ArchProblem> checkArch(const Arch &a) {
  if (a.name.empty() || a.name.size() > kMaxArchNameBytes)
    return ArchProblem{"name", "must be a string of 1 to " + std::to_string(kMaxArchNameBytes) +
                                   " bytes, got " + std::to_string(a.name.size()) + " bytes"};
  if (auto p = checkInt("tile_rows", a.tile_rows, kMaxTileRows))
    return p;
  if (auto p = checkInt("tile_cols", a.tile_cols, kMaxTileCols))
    return p;
  if (auto p = checkInt("popcount_bits", a.popcount_bits, kMaxPopcountBits))
    return p;
  if (auto p = checkInt("tiles", a.tiles, kMaxTiles))
    return p;
  // The negated comparison also rejects NaN.
  if (!(a.clock_mhz > 0) || std::isinf(a.clock_mhz))
    return ArchProblem{"clock_mhz", "must be a positive number, got " + formatDouble(a.clock_mhz)};
  if (a.clock_mhz > kMaxClockMhz)
    return ArchProblem{"clock_mhz", "must be at most " + formatDouble(kMaxClockMhz) + ", got " +
                                        formatDouble(a.clock_mhz)};
  if (a.spare_cols < 0 || a.spare_cols > a.tile_cols)
    return ArchProblem{"spare_cols", "must be in [0, tile_cols = " + std::to_string(a.tile_cols) +
                                         "], got " + std::to_string(a.spare_cols)};
  return checkPopcount(a);
}

Arch parseArch(const std::string &text, const std::string &source) {
  json doc = parseJsonObject(text, source);
  // Missing keys keep the default value; every present key is read and checked.
  Arch arch = defaultArch();
  for (const auto &[key, value] : doc.items())
    readField(arch, key, value, source);
  if (auto problem = checkArch(arch))
    fail(source, pointerTo(problem->field), problem->message);
  return arch;
}

Arch loadArch(const std::string &path) { return parseArch(readFileText(path), path); }

Arch defaultArch() { return Arch{}; }

} // namespace bnnc::mapping
