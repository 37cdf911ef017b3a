// Precomputed index tables, masks and tile lists of the layers (see plan.h).
#include "plan.h"

#include <cassert>

namespace bnnc::emulator::detail {

std::vector<int32_t> fieldTable(const ir::ConvGeometry &g) {
  assert(g.cin * g.ih * g.iw < (int64_t(1) << 31));
  std::vector<int32_t> table(size_t(g.positions() * g.fanIn()));
  size_t e = 0;
  for (int64_t oy = 0; oy < g.oh; ++oy)
    for (int64_t ox = 0; ox < g.ow; ++ox)
      for (int64_t c = 0; c < g.cin; ++c)
        for (int64_t ky = 0; ky < g.kh; ++ky)
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            // The loops run in (position, c, ky, kx) order, so e = pos * fanIn + k with
            // k = (c * kh + ky) * kw + kx, the im2col order of program.h.
            int64_t y = oy * g.sh - g.pad_top + ky * g.dh;
            int64_t x = ox * g.sw - g.pad_left + kx * g.dw;
            bool inside = y >= 0 && y < g.ih && x >= 0 && x < g.iw;
            table[e++] = inside ? int32_t((c * g.ih + y) * g.iw + x) : -1;
          }
  return table;
}

namespace {

// Masks and effective fan-ins: a padded fan-in element contributes nothing (0 in a +-1 world),
// so it is cleared in the mask and not counted in Keff.
void buildMasks(LayerPlan &p) {
  p.mask.assign(size_t(p.positions * p.stride), 0);
  p.keff.assign(size_t(p.positions), 0);
  for (int64_t pos = 0; pos < p.positions; ++pos) {
    uint64_t *m = &p.mask[size_t(pos * p.stride)];
    const int32_t *src = &p.source[size_t(pos * p.fan_in)];
    for (int64_t k = 0; k < p.fan_in; ++k) {
      if (src[k] < 0)
        continue;
      m[p.dest[k] / 64] |= uint64_t(1) << (p.dest[k] % 64);
      ++p.keff[size_t(pos)];
    }
  }
}

} // namespace

LayerPlan planLayer(const image::ChipImage &image, int index) {
  const ir::Layer &layer = image.program.layers[size_t(index)];
  const mapping::Mapping &m = image.mapping;
  const mapping::LayerPlacement &place = m.layers[size_t(index)];
  LayerPlan p;
  p.layer = &layer;
  p.fan_in = layer.geom.fanIn();
  p.positions = layer.geom.positions();
  p.cout = layer.geom.cout;
  p.row_blocks = place.row_blocks;
  p.col_blocks = place.col_blocks;
  p.wpr = m.wordsPerRow();
  p.stride = p.col_blocks * p.wpr;
  int64_t cols = m.arch.tile_cols;
  p.dest.resize(size_t(p.fan_in));
  for (int64_t k = 0; k < p.fan_in; ++k)
    p.dest[size_t(k)] = uint32_t((k / cols) * 64 * p.wpr + k % cols);
  p.source = fieldTable(layer.geom);
  buildMasks(p);
  // Tiles are numbered row block major from the layer's first tile (mapping.h).
  for (int64_t t = 0; t < p.row_blocks * p.col_blocks; ++t) {
    const mapping::Tile &tile = m.tiles[size_t(place.first_tile + t)];
    assert(tile.layer == index && tile.row0 == (t / p.col_blocks) * m.arch.tile_rows &&
           tile.col0 == (t % p.col_blocks) * cols);
    p.tiles.push_back(&tile);
    p.words.push_back(tile.cells.data());
    p.noise.push_back(nullptr);
  }
  return p;
}

} // namespace bnnc::emulator::detail
