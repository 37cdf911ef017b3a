// readImage: the container checks, then every section decoded and cross-checked in dependency
// order, then the weights read back from the tiles.
#include "bnnc/image/image.h"
#include "bnnc/ir/verify.h"
#include "codec.h"
#include "section_table.h"
#include "sections.h"

#include <optional>

namespace bnnc::image {

namespace {

// The six sections of a layer program and those it has when it needs them; a posterior image
// (POST) is read by readPosteriorImage.
void checkLayerProgram(const SectionTable &table) {
  if (table.find("POST") != nullptr)
    table.failTable("the image holds a learned posterior (section POST), not a layer program");
  std::vector<std::string> required(std::begin(kSectionTags), std::end(kSectionTags));
  std::vector<std::string> known = required;
  known.insert(known.end(), std::begin(kConditionalSectionTags), std::end(kConditionalSectionTags));
  table.check(required, known);
}

} // namespace

ChipImage readImage(const std::vector<uint8_t> &bytes, const std::string &source) {
  SectionTable reader(bytes, source);
  checkLayerProgram(reader);
  ChipImage image;
  ir::Program &p = image.program;
  SectionReader meta = reader.section("META");
  uint64_t outputShapeAt = decodeMeta(meta, p);
  meta.finish();
  SectionReader arch = reader.section("ARCH");
  image.mapping.arch = decodeArch(arch);
  arch.finish();
  SectionReader cond = reader.section("COND");
  image.condition = decodeCondition(cond);
  cond.finish();
  SectionReader input = reader.section("INPT");
  decodeInput(input, p.input);
  input.finish();
  if (reader.find("INQL")) {
    SectionReader levels = reader.section("INQL");
    decodeInputLevels(levels, p.input);
    levels.finish();
  }
  SectionReader layers = reader.section("LAYR");
  std::optional<SectionReader> quant;
  if (reader.find("LAYQ"))
    quant.emplace(reader.section("LAYQ"));
  image.mapping.layers = decodeLayers(layers, p, image.mapping.arch, quant ? &*quant : nullptr);
  layers.finish();
  if (quant)
    quant->finish();
  // META's output shape, now that the last layer is known (one class index after ArgMax).
  int64_t outputs = p.final == ir::Program::Final::ArgMax ? 1 : p.layers.back().outSize();
  if (elementCount(p.output_shape) != outputs)
    meta.fail(outputShapeAt, "the output shape has " +
                                 std::to_string(elementCount(p.output_shape)) +
                                 " elements, the last layer '" + p.layers.back().name +
                                 "' outputs " + std::to_string(outputs));
  SectionReader tiles = reader.section("TILE");
  image.mapping.tiles = decodeTiles(tiles, p, image.mapping);
  tiles.finish();
  if (reader.find("CELL")) {
    SectionReader cells = reader.section("CELL");
    image.cell_map = decodeCellMap(cells, image.mapping);
    cells.finish();
  }
  if (reader.find(kWriterTag)) {
    SectionReader writer = reader.section(kWriterTag);
    image.writer = decodeWriter(writer);
    writer.finish();
  }
  // The program's chain as a whole (what the sections' own checks have not already refused).
  if (std::optional<std::string> problem = ir::verifyProgram(p))
    failAt(source, reader.find("LAYR")->offset, "section LAYR", *problem);
  for (size_t i = 0; i < p.layers.size(); ++i)
    p.layers[i].weights = mapping::weightsFromTiles(image.mapping, p, int(i));
  return image;
}

} // namespace bnnc::image
