// Placement of a program's weight matrices onto tiles.
//
// A layer's weights form a cout x fanIn matrix. Neurons go to rows, fan-in to columns: tile
// (rb, cb) of the layer holds neurons [rb*R, rb*R + R) and fan-in [cb*C, cb*C + C), with R, C the
// tile's rows and columns. Reading one row of a tile gives the XNOR of C inputs with one neuron's
// weights through the C PCSAs; the popcounts of a row's column blocks add digitally. Tiles are
// numbered layer by layer, row block major: tile = first_tile + rb * col_blocks + cb.
#pragma once

#include "bnnc/ir/program.h"
#include "bnnc/mapping/arch.h"

#include <cstdint>
#include <vector>

namespace bnnc::mapping {

struct Tile {
  int layer = 0;              // index into Program::layers
  int64_t row0 = 0, col0 = 0; // first neuron, first fan-in index held
  int64_t rows = 0, cols = 0; // used rows and columns (<= tile size)
  // Cell states, tile_rows x words_per_row 64-bit words, row-major; bit j of word w of row r is
  // column 64*w + j; 1 = the pair is programmed LRS/HRS (+1). Unused cells are 0.
  std::vector<uint64_t> cells;
  bool operator==(const Tile &) const = default;
};

struct LayerPlacement {
  int first_tile = 0;
  int64_t row_blocks = 0, col_blocks = 0;
  // Per inference, from the geometry (see docs/architecture-file.md, "Cost model"):
  int64_t planes = 1;      // input bit-planes (bits of a bit-serial input, else 1)
  int64_t array_reads = 0; // row reads summed over tiles
  int64_t cycles = 0;      // tiles of a layer work in parallel, one row read per cycle
  double utilization = 0;  // used cells / cells of the layer's tiles
  bool operator==(const LayerPlacement &) const = default;
};

// Where the cells of each tile sit on the chip, when the compiler placed them around faulty
// devices (fault-aware mapping): logical row r of tile t is the physical word line rows[t][r],
// logical column c the physical bit line cols[t][c]; the `spare_cols` spare bit lines of a tile
// follow its tile_cols regular ones. Without a cell map, logical and physical places are equal.
struct CellMap {
  int64_t spare_cols = 0;
  std::vector<std::vector<uint32_t>> rows, cols; // [tile][logical] -> physical
  bool operator==(const CellMap &) const = default;
};

struct Mapping;
// Every tile of `mapping` on its own rows and columns, with `spare_cols` spare columns unused.
CellMap identityCellMap(const Mapping &mapping, int64_t spare_cols);

struct Mapping {
  Arch arch;
  std::vector<Tile> tiles;
  std::vector<LayerPlacement> layers;
  int64_t wordsPerRow() const { return (arch.tile_cols + 63) / 64; }
  bool cell(const Tile &t, int64_t r, int64_t c) const {
    return (t.cells[r * wordsPerRow() + c / 64] >> (c % 64)) & 1;
  }
};

// The placement of layer `index` when its first tile is `first_tile`: block counts and the cost
// model. Throws bnnc::Error (naming `source` and the layer) if a count overflows 64 bits.
LayerPlacement placeLayer(const ir::Program &program, int index, const Arch &arch, int first_tile,
                          const std::string &source);
// Tiles a layer of `cout` neurons and fan-in `fan_in` needs: ceil(cout / rows) * ceil(fan_in /
// cols).
int64_t tilesNeeded(int64_t cout, int64_t fan_in, const Arch &arch);

// Tile (rb, cb) of layer `index` without its cells: layer, row0, col0, rows and cols.
Tile tileFrame(const ir::Program &program, int index, int64_t rb, int64_t cb, const Arch &arch);

// Places every layer; throws bnnc::Error when the model needs more tiles than the chip has or the
// popcount width cannot hold a tile's column count. `source` names the model in messages.
Mapping mapProgram(const ir::Program &program, const Arch &arch, const std::string &source);

// The weight matrix of layer `index` read back from the tiles ([cout][fanIn] bits).
std::vector<uint8_t> weightsFromTiles(const Mapping &mapping, const ir::Program &program,
                                      int index);

} // namespace bnnc::mapping
