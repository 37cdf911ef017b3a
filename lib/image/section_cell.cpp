// CELL (format 1.2): where the cells of each tile sit on the chip, for an image compiled around a
// fault map.
#include "sections.h"

#include <vector>

namespace bnnc::image {

std::vector<uint8_t> encodeCellMap(const mapping::CellMap &c) {
  ByteWriter w;
  w.i64(c.spare_cols);
  w.u64(c.rows.size());
  for (size_t t = 0; t < c.rows.size(); ++t) {
    for (uint32_t v : c.rows[t])
      w.u32(v);
    for (uint32_t v : c.cols[t])
      w.u32(v);
  }
  return w.take();
}

namespace {

// `count` u32 entries, each below `limit` and none twice.
std::vector<uint32_t> readPlaces(SectionReader &r, int64_t count, int64_t limit,
                                 const std::string &what) {
  std::vector<uint32_t> places;
  std::vector<uint8_t> taken(size_t(limit), 0);
  for (int64_t i = 0; i < count; ++i) {
    uint64_t at = r.offset();
    uint32_t v = r.u32(what);
    if (int64_t(v) >= limit)
      r.fail(at, what + " " + std::to_string(i) + " is " + std::to_string(v) + ", not below " +
                     std::to_string(limit));
    if (taken[v])
      r.fail(at, what + " " + std::to_string(i) + " is " + std::to_string(v) +
                     ", already taken by another");
    taken[v] = 1;
    places.push_back(v);
  }
  return places;
}

} // namespace

// Every tile's tile_rows logical rows go to distinct physical rows (a permutation) and its
// tile_cols logical columns to distinct physical columns among tile_cols + spare_cols.
mapping::CellMap decodeCellMap(SectionReader &r, const mapping::Mapping &m) {
  mapping::CellMap c;
  uint64_t at = r.offset();
  c.spare_cols = r.i64("spare_cols");
  if (c.spare_cols < 0 || c.spare_cols > m.arch.tile_cols)
    r.fail(at, "spare_cols is " + std::to_string(c.spare_cols) +
                   ", not in [0, tile_cols = " + std::to_string(m.arch.tile_cols) + "]");
  at = r.offset();
  uint64_t tiles = r.u64("the tile count");
  if (tiles != m.tiles.size())
    r.fail(at, "the cell map covers " + std::to_string(tiles) + " tiles, the image has " +
                   std::to_string(m.tiles.size()));
  for (uint64_t t = 0; t < tiles; ++t) {
    std::string label = "tile " + std::to_string(t);
    c.rows.push_back(readPlaces(r, m.arch.tile_rows, m.arch.tile_rows, label + " row"));
    c.cols.push_back(
        readPlaces(r, m.arch.tile_cols, m.arch.tile_cols + c.spare_cols, label + " column"));
  }
  return c;
}

} // namespace bnnc::image
