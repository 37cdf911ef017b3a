// keepPlaneErrors: a virtual chip reduced to the errors of one weight plane (virtual_chip.h).
#include "bnnc/device/virtual_chip.h"

#include <bit>
#include <cassert>

namespace bnnc::device {

VirtualChip keepPlaneErrors(const image::ChipImage &image, const VirtualChip &chip, int layer,
                            int plane) {
  const mapping::Mapping &m = image.mapping;
  assert(chip.tiles.size() == m.tiles.size());
  int64_t words = m.wordsPerRow();
  int64_t cout = image.program.layers[size_t(layer)].geom.cout;
  VirtualChip out;
  out.programming = chip.programming;
  out.tiles.resize(chip.tiles.size());
  for (size_t t = 0; t < m.tiles.size(); ++t) {
    const mapping::Tile &tile = m.tiles[t];
    const ProgrammedTile &in = chip.tiles[t];
    ProgrammedTile &dst = out.tiles[t];
    dst.sensed = tile.cells; // every cell as stored ...
    auto kept = [&](int64_t r) { return tile.layer == layer && (tile.row0 + r) / cout == plane; };
    for (int64_t r = 0; r < tile.rows; ++r) {
      if (!kept(r))
        continue;
      // ... but the plane's, which read as sensed.
      for (int64_t w = 0; w < words; ++w) {
        size_t at = size_t(r * words + w);
        dst.sensed[at] = in.sensed[at];
        out.static_errors += std::popcount(in.sensed[at] ^ tile.cells[at]);
      }
      out.used_cells += tile.cols;
    }
    for (const ReadRisk &risk : in.risky)
      if (kept(int64_t(risk.row)))
        dst.risky.push_back(risk);
    for (const ReadRisk &risk : in.held)
      if (kept(int64_t(risk.row)))
        dst.held.push_back(risk);
  }
  return out;
}

} // namespace bnnc::device
