// Placement of weight matrices onto tiles, the per-layer cost model, and the way back.
#include "bnnc/mapping/mapping.h"
#include "bnnc/support/error.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace bnnc::mapping {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// a * b; a layer whose counts overflow 64 bits is a user error (absurd geometry), not a bug.
int64_t mul(int64_t a, int64_t b, const std::string &source, const ir::Layer &layer) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product))
    throw Error(source + ": layer '" + layer.name +
                "': error: the layer's array read count overflows 64 bits");
  return product;
}

void checkLayerShape(const ir::Layer &layer) {
  assert(layer.geom.cout > 0 && layer.geom.fanIn() > 0);
  assert(int64_t(layer.weights.size()) == layer.weightRows() * layer.geom.fanIn());
  (void)layer;
}

// Weight (n, k) of a tile is row n - row0, column k - col0, i.e. bit (k - col0) % 64 of word
// (n - row0) * wordsPerRow + (k - col0) / 64.
Tile makeTile(const ir::Program &program, int index, int64_t rb, int64_t cb, const Mapping &m) {
  const ir::Layer &layer = program.layers[size_t(index)];
  int64_t fanIn = layer.geom.fanIn(), wpr = m.wordsPerRow();
  Tile t = tileFrame(program, index, rb, cb, m.arch);
  t.cells.assign(size_t(m.arch.tile_rows * wpr), 0);
  for (int64_t r = 0; r < t.rows; ++r) {
    const uint8_t *row = &layer.weights[size_t((t.row0 + r) * fanIn + t.col0)];
    uint64_t *words = &t.cells[size_t(r * wpr)];
    for (int64_t c = 0; c < t.cols; ++c)
      words[c / 64] |= uint64_t(row[c] & 1) << (c % 64);
  }
  return t;
}

} // namespace

// Tile (rb, cb) holds weight rows [rb*R, rb*R + R) (neurons, plane after plane for multi-bit
// weights) and fan-in [cb*C, cb*C + C), cut at the matrix edge.
Tile tileFrame(const ir::Program &program, int index, int64_t rb, int64_t cb, const Arch &arch) {
  const ir::Layer &layer = program.layers[size_t(index)];
  const ir::ConvGeometry &g = layer.geom;
  Tile t;
  t.layer = index;
  t.row0 = rb * arch.tile_rows;
  t.col0 = cb * arch.tile_cols;
  t.rows = std::min(arch.tile_rows, layer.weightRows() - t.row0);
  t.cols = std::min(arch.tile_cols, g.fanIn() - t.col0);
  return t;
}

int64_t tilesNeeded(int64_t cout, int64_t fan_in, const Arch &arch) {
  return ceilDiv(cout, arch.tile_rows) * ceilDiv(fan_in, arch.tile_cols);
}

LayerPlacement placeLayer(const ir::Program &program, int index, const Arch &arch, int first_tile,
                          const std::string &source) {
  const ir::Layer &layer = program.layers[size_t(index)];
  const ir::ConvGeometry &g = layer.geom;
  int64_t rows = layer.weightRows();
  LayerPlacement p;
  p.first_tile = first_tile;
  p.row_blocks = ceilDiv(rows, arch.tile_rows);
  p.col_blocks = ceilDiv(g.fanIn(), arch.tile_cols);
  // A bit-serial layer makes one pass per input bit-plane (shift-and-add in the periphery).
  p.planes = layer.bit_serial_input ? program.inputOf(size_t(index)).bits : 1;
  int64_t passes = mul(g.positions(), p.planes, source, layer);
  // Each pass reads every weight row (a neuron's, or one of its weight planes) once in each
  // column block holding part of its fan-in.
  p.array_reads = mul(mul(passes, rows, source, layer), p.col_blocks, source, layer);
  // All tiles of the layer read in parallel, one row per cycle; the busiest tile holds
  // min(rows, tile_rows) rows, so a pass takes that many cycles.
  p.cycles = mul(passes, std::min(rows, arch.tile_rows), source, layer);
  // Used cells over the cells of the layer's tiles.
  double cells = double(p.row_blocks * p.col_blocks) * double(arch.tile_rows * arch.tile_cols);
  p.utilization = double(rows * g.fanIn()) / cells;
  return p;
}

Mapping mapProgram(const ir::Program &program, const Arch &arch, const std::string &source) {
  if (auto problem = checkArch(arch))
    throw Error(source + ": architecture '" + arch.name + "': error: " + problem->field + " " +
                problem->message);
  // Count first, so that the error can name the layer needing the most tiles.
  int64_t total = 0, worstTiles = -1;
  size_t worst = 0;
  for (size_t i = 0; i < program.layers.size(); ++i) {
    const ir::Layer &layer = program.layers[i];
    checkLayerShape(layer);
    int64_t n = tilesNeeded(layer.weightRows(), layer.geom.fanIn(), arch);
    total += n;
    if (n > worstTiles)
      worstTiles = n, worst = i;
  }
  if (total > arch.tiles)
    throw Error(source + ": error: the model needs " + std::to_string(total) +
                " tiles, the architecture '" + arch.name + "' has " + std::to_string(arch.tiles) +
                " (layer '" + program.layers[worst].name + "' needs " + std::to_string(worstTiles) +
                " of " + std::to_string(arch.tile_rows) + "x" + std::to_string(arch.tile_cols) +
                ")");
  Mapping m;
  m.arch = arch;
  for (size_t i = 0; i < program.layers.size(); ++i) {
    LayerPlacement p = placeLayer(program, int(i), arch, int(m.tiles.size()), source);
    for (int64_t rb = 0; rb < p.row_blocks; ++rb)
      for (int64_t cb = 0; cb < p.col_blocks; ++cb)
        m.tiles.push_back(makeTile(program, int(i), rb, cb, m));
    m.layers.push_back(p);
  }
  return m;
}

std::vector<uint8_t> weightsFromTiles(const Mapping &mapping, const ir::Program &program,
                                      int index) {
  const ir::Layer &layer = program.layers[size_t(index)];
  const LayerPlacement &p = mapping.layers[size_t(index)];
  int64_t fanIn = layer.geom.fanIn();
  std::vector<uint8_t> weights(size_t(layer.weightRows() * fanIn), 0);
  // Every weight lives in exactly one tile of the layer (makeTile's index map, inverted).
  for (int64_t t = 0; t < p.row_blocks * p.col_blocks; ++t) {
    const Tile &tile = mapping.tiles[size_t(p.first_tile + t)];
    assert(tile.layer == index);
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t c = 0; c < tile.cols; ++c)
        weights[size_t((tile.row0 + r) * fanIn + tile.col0 + c)] = mapping.cell(tile, r, c);
  }
  return weights;
}

CellMap identityCellMap(const Mapping &mapping, int64_t spare_cols) {
  CellMap c;
  c.spare_cols = spare_cols;
  std::vector<uint32_t> rows(size_t(mapping.arch.tile_rows)), cols(size_t(mapping.arch.tile_cols));
  std::iota(rows.begin(), rows.end(), 0u);
  std::iota(cols.begin(), cols.end(), 0u);
  c.rows.assign(mapping.tiles.size(), rows);
  c.cols.assign(mapping.tiles.size(), cols);
  return c;
}

} // namespace bnnc::mapping
