// TILE: the cell states of every tile, checked against the placements.
#include "sections.h"
#include "text.h"

namespace bnnc::image {

namespace {

// Bits of word `w` of a row that hold used columns: columns 64w .. 64w+63 below `cols`.
uint64_t usedMask(int64_t w, int64_t cols) {
  int64_t used = cols - 64 * w;
  if (used <= 0)
    return 0;
  return used >= 64 ? ~uint64_t(0) : (uint64_t(1) << used) - 1;
}

// The tiles the placements call for, in mapProgram's order, without their cells.
std::vector<mapping::Tile> expectedTiles(const ir::Program &program, const mapping::Mapping &m) {
  std::vector<mapping::Tile> tiles;
  for (size_t i = 0; i < program.layers.size(); ++i)
    for (int64_t rb = 0; rb < m.layers[i].row_blocks; ++rb)
      for (int64_t cb = 0; cb < m.layers[i].col_blocks; ++cb)
        tiles.push_back(mapping::tileFrame(program, int(i), rb, cb, m.arch));
  return tiles;
}

void readCells(SectionReader &r, mapping::Tile &t, const std::string &label, int64_t tile_rows,
               int64_t words_per_row) {
  t.cells.reserve(size_t(tile_rows * words_per_row));
  for (int64_t row = 0; row < tile_rows; ++row)
    for (int64_t w = 0; w < words_per_row; ++w) {
      uint64_t at = r.offset();
      uint64_t word = r.u64(label + " cells");
      uint64_t stray = word & ~(row < t.rows ? usedMask(w, t.cols) : 0);
      if (stray != 0) {
        int64_t col = 64 * w + __builtin_ctzll(stray);
        r.fail(at, label + " cell (row " + std::to_string(row) + ", column " + std::to_string(col) +
                       ") is outside the " + std::to_string(t.rows) + "x" + std::to_string(t.cols) +
                       " used cells but set");
      }
      t.cells.push_back(word);
    }
}

} // namespace

std::vector<uint8_t> encodeTiles(const mapping::Mapping &m) {
  ByteWriter w;
  w.u64(m.tiles.size());
  for (const mapping::Tile &t : m.tiles) {
    for (int64_t v : {int64_t(t.layer), t.row0, t.col0, t.rows, t.cols})
      w.i64(v);
    for (uint64_t word : t.cells)
      w.u64(word);
  }
  return w.take();
}

std::vector<mapping::Tile> decodeTiles(SectionReader &r, const ir::Program &program,
                                       const mapping::Mapping &m) {
  std::vector<mapping::Tile> tiles = expectedTiles(program, m);
  int64_t words = m.arch.tile_rows * m.wordsPerRow();
  uint64_t at = r.offset();
  // A tile is 5 i64 and tile_rows x words_per_row u64 words.
  uint64_t n = r.count("the tile count", uint64_t(5 + words) * 8);
  if (n != tiles.size())
    r.fail(at, "the image has " + std::to_string(n) + " tiles, the layers' placements use " +
                   std::to_string(tiles.size()));
  const char *names[5] = {"layer", "row0", "col0", "rows", "cols"};
  for (size_t i = 0; i < tiles.size(); ++i) {
    mapping::Tile &t = tiles[i];
    std::string label = "tile " + std::to_string(i);
    int64_t want[5] = {t.layer, t.row0, t.col0, t.rows, t.cols};
    for (int f = 0; f < 5; ++f) {
      at = r.offset();
      int64_t got = r.i64(label + " " + names[f]);
      if (got != want[f])
        r.fail(at, label + " " + names[f] + " is " + std::to_string(got) +
                       ", the placement of layer '" + program.layers[size_t(t.layer)].name +
                       "' gives " + std::to_string(want[f]));
    }
    readCells(r, t, label, m.arch.tile_rows, m.wordsPerRow());
  }
  return tiles;
}

} // namespace bnnc::image
