// writeImage: the sections of a chip image in their fixed order.
#include "bnnc/image/container.h"
#include "sections.h"

#include <cassert>

namespace bnnc::image {

std::vector<uint8_t> writeImage(const ChipImage &image) {
  const ir::Program &p = image.program;
  const mapping::Mapping &m = image.mapping;
  // The writer stores what it is given; consistency is the mapper's job and the reader's check.
  // Only what the layout itself needs is asserted.
  assert(m.layers.size() == p.layers.size());
  for ([[maybe_unused]] const mapping::Tile &t : m.tiles)
    assert(int64_t(t.cells.size()) == m.arch.tile_rows * m.wordsPerRow());
  std::vector<Section> sections = {{"META", kFlagRequired, encodeMeta(p)},
                                   {"ARCH", kFlagRequired, encodeArch(m.arch)},
                                   {"COND", kFlagRequired, encodeCondition(image.condition)},
                                   {"INPT", kFlagRequired, encodeInput(p.input)}};
  if (p.input.level_groups > 0)
    sections.push_back({"INQL", kFlagRequired, encodeInputLevels(p.input)});
  sections.push_back({"LAYR", kFlagRequired, encodeLayers(p, m.layers)});
  if (p.multiBit())
    sections.push_back({"LAYQ", kFlagRequired, encodeLayerQuant(p)});
  sections.push_back({"TILE", kFlagRequired, encodeTiles(m)});
  if (image.cell_map)
    sections.push_back({"CELL", kFlagRequired, encodeCellMap(*image.cell_map)});
  if (!image.writer.empty()) // optional, after the sections every reader needs
    sections.push_back({kWriterTag, 0, encodeWriter(image.writer)});
  return assembleImage(sections);
}

} // namespace bnnc::image
