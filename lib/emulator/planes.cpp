// The planes engine's plan and binding (see planes.h): per layer, the im2col window table, the
// weight rows read back from the tiles, and a virtual chip's rows and read noise.
#include "planes.h"

#include "bnnc/device/virtual_chip.h"

#include <cassert>
#include <cstring>

namespace bnnc::emulator::detail {

namespace {

// The input element of each (position, fan-in element), -1 where the window is in the padding.
std::vector<int32_t> windowTable(const ir::ConvGeometry &g) {
  std::vector<int32_t> w;
  w.reserve(size_t(g.positions() * g.fanIn()));
  for (int64_t oy = 0; oy < g.oh; ++oy)
    for (int64_t ox = 0; ox < g.ow; ++ox)
      for (int64_t c = 0; c < g.cin; ++c)
        for (int64_t ky = 0; ky < g.kh; ++ky)
          for (int64_t kx = 0; kx < g.kw; ++kx) {
            int64_t y = oy * g.sh - g.pad_top + ky * g.dh, x = ox * g.sw - g.pad_left + kx * g.dw;
            bool in = y >= 0 && y < g.ih && x >= 0 && x < g.iw;
            w.push_back(in ? int32_t((c * g.ih + y) * g.iw + x) : -1);
          }
  return w;
}

// The layer's rows [rows][kwords] from the tiles' words: tile row r is row row0 + r, column c
// fan-in element col0 + c (mapping.h).
std::vector<uint64_t> rowsFromTiles(const image::ChipImage &image, const PlanesLayer &pl,
                                    const std::vector<const uint64_t *> &words) {
  const mapping::Mapping &m = image.mapping;
  int64_t wpr = m.wordsPerRow();
  std::vector<uint64_t> rows(size_t(pl.rows * pl.kwords), 0);
  for (int t : pl.tiles) {
    const mapping::Tile &tile = m.tiles[size_t(t)];
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t c = 0; c < tile.cols; ++c)
        if ((words[size_t(t)][size_t(r * wpr + c / 64)] >> (c % 64)) & 1) {
          int64_t j = tile.col0 + c;
          rows[size_t((tile.row0 + r) * pl.kwords + j / 64)] |= uint64_t(1) << (j % 64);
        }
  }
  return rows;
}

} // namespace

std::vector<PlanesLayer> planPlanes(const image::ChipImage &image) {
  const ir::Program &prog = image.program;
  std::vector<PlanesLayer> layers;
  int first_tile = 0;
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    const ir::Layer &layer = prog.layers[i];
    const mapping::LayerPlacement &place = image.mapping.layers[i];
    PlanesLayer pl;
    pl.layer = &layer;
    pl.cout = layer.geom.cout;
    pl.rows = layer.weightRows();
    pl.fan_in = layer.geom.fanIn();
    pl.kwords = (pl.fan_in + 63) / 64;
    pl.positions = layer.geom.positions();
    if (layer.bit_serial_input) {
      ir::SerialInput in = prog.inputOf(i);
      pl.planes = in.bits, pl.lo = in.lo, pl.step = in.step;
    }
    pl.window = windowTable(layer.geom);
    assert(place.first_tile == first_tile);
    for (int64_t t = 0; t < place.row_blocks * place.col_blocks; ++t)
      pl.tiles.push_back(first_tile + int(t));
    first_tile += int(place.row_blocks * place.col_blocks);
    pl.cell_reads = pl.positions * pl.planes * pl.rows * pl.fan_in;
    std::vector<const uint64_t *> stored;
    for (const mapping::Tile &t : image.mapping.tiles)
      stored.push_back(t.cells.data());
    pl.ideal = rowsFromTiles(image, pl, stored);
    layers.push_back(std::move(pl));
  }
  return layers;
}

std::vector<LayerBinding> bindPlanes(const Plan &plan, const device::VirtualChip &chip) {
  const mapping::Mapping &m = plan.image->mapping;
  std::vector<LayerBinding> out;
  std::vector<const uint64_t *> words(m.tiles.size(), nullptr);
  for (const PlanesLayer &pl : plan.planes) {
    LayerBinding b;
    b.noise.reads = pl.positions * pl.planes;
    // Slots are the fan-in elements themselves; cells read as +-1 signs.
    std::vector<int64_t> slot(size_t(pl.fan_in));
    for (int64_t j = 0; j < pl.fan_in; ++j)
      slot[size_t(j)] = j;
    std::vector<TileScan> scans;
    for (int t : pl.tiles)
      scans.push_back(scanTile(true, slot, m.tiles[size_t(t)], chip.tiles[size_t(t)],
                               m.wordsPerRow(), b.noise));
    for (size_t i = 0; i < pl.tiles.size(); ++i)
      words[size_t(pl.tiles[i])] = scans[i].words.data();
    b.weights.bits = rowsFromTiles(*plan.image, pl, words);
    finishBinding(scans, b);
    out.push_back(std::move(b));
  }
  return out;
}

int64_t planesStride(int64_t in_size) { return (in_size + 1) / 2; }

void encodePlanesSample(const ir::InputStage &in, const float *x, int64_t n, uint64_t *out) {
  auto *bytes = reinterpret_cast<unsigned char *>(out);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t q = in.kind == ir::InputStage::Kind::BitSerial
                     ? in.quantize(double(x[i]), i)
                     : uint32_t(in.compare[size_t(i)].eval(double(x[i])));
    std::memcpy(bytes + 4 * i, &q, 4);
  }
}

} // namespace bnnc::emulator::detail
