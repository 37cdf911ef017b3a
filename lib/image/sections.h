// Encoders and validating decoders of the chip image sections (docs/image-format.md). Decoders
// read in dependency order: META, ARCH, COND, INPT (and INQL), then LAYR (needs ARCH and INPT;
// LAYQ is read along with it), then TILE (needs LAYR's placements).
#pragma once

#include "bnnc/image/condition.h"
#include "bnnc/ir/program.h"
#include "bnnc/mapping/mapping.h"
#include "bytes.h"

namespace bnnc::image {

std::vector<uint8_t> encodeMeta(const ir::Program &program);
// Returns the offset of the output shape, which is checked against the last layer later.
uint64_t decodeMeta(SectionReader &r, ir::Program &program);

std::vector<uint8_t> encodeArch(const mapping::Arch &arch);
mapping::Arch decodeArch(SectionReader &r);

std::vector<uint8_t> encodeCondition(const Condition &condition);
Condition decodeCondition(SectionReader &r);

std::vector<uint8_t> encodeInput(const ir::InputStage &input);
void decodeInput(SectionReader &r, ir::InputStage &input);
// INQL (format 1.1): the level comparators of a bit-serial input with a quantizer.
std::vector<uint8_t> encodeInputLevels(const ir::InputStage &input);
void decodeInputLevels(SectionReader &r, ir::InputStage &input);

std::vector<uint8_t> encodeLayers(const ir::Program &program,
                                  const std::vector<mapping::LayerPlacement> &placements);
// Fills program.layers (all but the weights) and checks each layer's geometry, its chaining to
// the previous layer or the input stage, and its stored placement against the one `arch` gives.
// `quant` is LAYQ's reader, or null when the image has none (every layer binary).
std::vector<mapping::LayerPlacement> decodeLayers(SectionReader &r, ir::Program &program,
                                                  const mapping::Arch &arch, SectionReader *quant);

// LAYQ (format 1.2): the multi-bit fields of the layers (section_layer_quant.cpp).
std::vector<uint8_t> encodeLayerQuant(const ir::Program &program);
// The entry count, which must be LAYR's layer count.
void checkLayerQuantCount(SectionReader &r, uint64_t layers);
// One layer's entry, read after its geometry and output kind are known.
void decodeLayerQuant(SectionReader &r, ir::Layer &layer, const std::string &label);

// VERS (optional): the program that wrote the image; never empty.
std::vector<uint8_t> encodeWriter(const std::string &writer);
std::string decodeWriter(SectionReader &r);

std::vector<uint8_t> encodeTiles(const mapping::Mapping &mapping);
// Reads the tiles and checks that they are exactly those the placements call for.
std::vector<mapping::Tile> decodeTiles(SectionReader &r, const ir::Program &program,
                                       const mapping::Mapping &mapping);

// CELL (format 1.2): the physical row and column of every logical cell of every tile.
std::vector<uint8_t> encodeCellMap(const mapping::CellMap &cells);
mapping::CellMap decodeCellMap(SectionReader &r, const mapping::Mapping &mapping);

} // namespace bnnc::image
