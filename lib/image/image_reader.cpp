// readImage: the container checks, then every section decoded and cross-checked in dependency
// order, then the weights read back from the tiles.
#include "bnnc/image/image.h"
#include "codec.h"
#include "sections.h"
#include "text.h"

namespace bnnc::image {

namespace {

class ImageReader {
public:
  ImageReader(const std::vector<uint8_t> &bytes, const std::string &source)
      : bytes_(bytes), source_(source), info_(inspectImage(bytes, source)) {}

  // CRCs first: no section content is looked at before its CRC matches.
  void checkSections() const {
    for (const SectionInfo &s : info_.sections)
      if (s.crc_stored != s.crc_computed)
        failAt(source_, s.offset, "section " + s.tag,
               "CRC mismatch (stored " + hex(s.crc_stored, 8) + ", computed " +
                   hex(s.crc_computed, 8) + ")");
    for (const char *tag : kSectionTags)
      if (find(tag) == nullptr)
        failAt(source_, kHeaderSize, "section table",
               "required section " + std::string(tag) + " is missing");
    for (size_t i = 0; i < info_.sections.size(); ++i) {
      const SectionInfo &s = info_.sections[i];
      if ((s.flags & kFlagRequired) && !known(s.tag))
        failAt(source_, kHeaderSize + i * kSectionEntrySize,
               "section table entry " + std::to_string(i) + " (" + s.tag + ")",
               "unknown required section " + s.tag + " (this bnnc reads format " +
                   std::to_string(kVersionMajor) + "." + std::to_string(kVersionMinor) + ")");
    }
  }

  // A reader over a section; a file of a newer minor version may append fields to it.
  SectionReader section(const char *tag) const {
    const SectionInfo *s = find(tag);
    return SectionReader(bytes_, source_, tag, s->offset, s->offset + s->size,
                         info_.minor > kVersionMinor);
  }

private:
  static bool known(const std::string &tag) {
    for (const char *t : kSectionTags)
      if (tag == t)
        return true;
    for (const char *t : kConditionalSectionTags)
      if (tag == t)
        return true;
    return false;
  }

public:
  const SectionInfo *find(const std::string &tag) const {
    for (const SectionInfo &s : info_.sections)
      if (s.tag == tag)
        return &s;
    return nullptr;
  }

  const std::vector<uint8_t> &bytes_;
  const std::string &source_;
  ImageInfo info_;
};

} // namespace

ChipImage readImage(const std::vector<uint8_t> &bytes, const std::string &source) {
  ImageReader reader(bytes, source);
  reader.checkSections();
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
  image.mapping.layers = decodeLayers(layers, p, image.mapping.arch);
  layers.finish();
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
  for (size_t i = 0; i < p.layers.size(); ++i)
    p.layers[i].weights = mapping::weightsFromTiles(image.mapping, p, int(i));
  return image;
}

} // namespace bnnc::image
