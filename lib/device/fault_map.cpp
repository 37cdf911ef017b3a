// Fault maps: reading the CSV file and looking devices up.
#include "bnnc/device/fault_map.h"
#include "bnnc/support/error.h"
#include "bnnc/support/text.h"
#include "csv_table.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace bnnc::device {

namespace {

auto position(const FaultMap::Entry &e) { return std::make_tuple(e.tile, e.row, e.col, e.device); }

// A field that must be an integer in [0, limit).
int64_t index(const std::string &path, const CsvRow &row, size_t field, const char *name,
              int64_t limit) {
  double v = 0;
  if (!parseCsvNumber(row.fields[field], v) || v < 0 || v >= double(limit) || v != std::floor(v))
    failCsvLine(path, row.line,
                std::string(name) + " must be an integer in [0, " + std::to_string(limit - 1) +
                    "], got " + quoteShort(row.fields[field]));
  return int64_t(v);
}

FaultKind kind(const std::string &path, const CsvRow &row) {
  const std::string &f = row.fields[4];
  if (f == "stuck_lrs")
    return FaultKind::StuckLrs;
  if (f == "stuck_hrs")
    return FaultKind::StuckHrs;
  if (f == "never_formed")
    return FaultKind::NeverFormed;
  failCsvLine(path, row.line,
              "fault must be stuck_lrs, stuck_hrs or never_formed, got " + quoteShort(f));
}

} // namespace

FaultMap readFaultMap(const std::string &path) {
  std::vector<CsvRow> rows =
      readCsvTable(path, {"tile", "row", "col", "device", "fault"}, kMaxFaultMapRows);
  FaultMap map;
  map.file = path;
  // The largest coordinates any architecture allows (mapping::kMax*): the chip's own limits are
  // checked when the map meets an image.
  for (const CsvRow &row : rows) {
    FaultMap::Entry e;
    e.tile = index(path, row, 0, "tile", mapping::kMaxTiles);
    e.row = index(path, row, 1, "row", mapping::kMaxTileRows);
    e.col = index(path, row, 2, "col", 2 * mapping::kMaxTileCols);
    e.device = int(index(path, row, 3, "device", 2));
    e.kind = kind(path, row);
    e.line = row.line;
    map.entries.push_back(e);
  }
  std::stable_sort(map.entries.begin(), map.entries.end(),
                   [](const auto &a, const auto &b) { return position(a) < position(b); });
  for (size_t i = 1; i < map.entries.size(); ++i)
    if (position(map.entries[i]) == position(map.entries[i - 1])) {
      const FaultMap::Entry &a = map.entries[i - 1], &b = map.entries[i];
      failCsvLine(path, std::max(a.line, b.line),
                  "device " + std::to_string(b.device) + " of tile " + std::to_string(b.tile) +
                      ", row " + std::to_string(b.row) + ", col " + std::to_string(b.col) +
                      " is listed twice (also on line " + std::to_string(std::min(a.line, b.line)) +
                      ")");
    }
  return map;
}

void checkFaultMap(const FaultMap &map, const mapping::Arch &arch, int64_t spare_cols) {
  for (const FaultMap::Entry &e : map.entries) {
    auto fail = [&](const std::string &what, int64_t value, int64_t limit) {
      failCsvLine(map.file, e.line,
                  what + " " + std::to_string(value) + " is outside the chip (architecture '" +
                      arch.name + "': " + what + " < " + std::to_string(limit) + ")");
    };
    if (e.tile >= arch.tiles)
      fail("tile", e.tile, arch.tiles);
    if (e.row >= arch.tile_rows)
      fail("row", e.row, arch.tile_rows);
    if (e.col >= arch.tile_cols + spare_cols)
      fail("col", e.col, arch.tile_cols + spare_cols);
  }
}

const FaultMap::Entry *FaultMap::find(int64_t t, int64_t r, int64_t c, int d) const {
  FaultMap::Entry key;
  key.tile = t, key.row = r, key.col = c, key.device = d;
  auto it = std::lower_bound(entries.begin(), entries.end(), key, [](const auto &a, const auto &b) {
    return position(a) < position(b);
  });
  return it != entries.end() && position(*it) == position(key) ? &*it : nullptr;
}

std::pair<const FaultMap::Entry *, const FaultMap::Entry *> FaultMap::tile(int64_t t) const {
  auto lo = std::lower_bound(entries.begin(), entries.end(), t,
                             [](const auto &e, int64_t v) { return e.tile < v; });
  auto hi = std::upper_bound(entries.begin(), entries.end(), t,
                             [](int64_t v, const auto &e) { return v < e.tile; });
  return {entries.data() + (lo - entries.begin()), entries.data() + (hi - entries.begin())};
}

} // namespace bnnc::device
