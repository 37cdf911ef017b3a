// The chip image: everything `bnnc run` needs to program and run a chip. Format in
// docs/image-format.md; the constants below are the ones that document names.
#pragma once

#include "bnnc/image/condition.h"
#include "bnnc/ir/program.h"
#include "bnnc/mapping/mapping.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::image {

constexpr char kMagic[8] = {'B', 'N', 'N', 'C', 'I', 'M', 'G', '\0'};
constexpr uint16_t kVersionMajor = 1;
// The newest minor version this bnnc reads and the one it writes (docs/image-format.md,
// "Versions"): 1.1 added INQL and the ArgMax final operation, 1.2 LAYQ, CELL and the posterior
// (POST).
constexpr uint16_t kVersionMinor = 2;
// Header: magic 8, major 2, minor 2, section count 4, file size 8, header CRC 4 bytes.
constexpr uint64_t kHeaderSize = 28;
// Section table entry: tag 4, flags 4, offset 8, size 8, CRC 4 bytes.
constexpr uint64_t kSectionEntrySize = 28;
constexpr uint64_t kSectionAlign = 64; // every section starts at a multiple of this
constexpr uint32_t kFlagRequired = 1;  // flags bit 0; bits 1-31 are reserved (0)
// The sections every image has, in the order the writer emits them (all flagged required).
constexpr const char *kSectionTags[] = {"META", "ARCH", "COND", "INPT", "LAYR", "TILE"};
// Sections a layer program has only when it needs them, flagged required when present: INQL, the
// input quantizer's level comparators (after INPT); LAYQ, the layers' multi-bit fields (after
// LAYR); CELL, the physical places of the cells of an image compiled for spare columns or around
// a fault map (after TILE).
constexpr const char *kConditionalSectionTags[] = {"INQL", "LAYQ", "CELL"};
// An optional section (flags 0, so readers that do not know it skip it), written last when the
// image records the program that wrote it: VERS, one str ("bnnc 0.2.0").
constexpr const char *kWriterTag = "VERS";

struct ChipImage {
  ir::Program program; // layers' weights are filled from the tiles when read
  mapping::Mapping mapping;
  Condition condition;
  std::string writer = {}; // VERS: the program that wrote it, "bnnc 0.2.0"; empty for none
  // The physical place of every cell (section CELL, format 1.2), when the image was compiled
  // around a fault map; the identity without it.
  std::optional<mapping::CellMap> cell_map = {};
};

// Serializes deterministically (identical inputs give identical bytes).
std::vector<uint8_t> writeImage(const ChipImage &image);
// Validates everything before use; errors name `source`, the byte offset and the section.
ChipImage readImage(const std::vector<uint8_t> &bytes, const std::string &source);

// Section table as stored, for `bnnc inspect`.
struct SectionInfo {
  std::string tag;
  uint32_t flags = 0;
  uint64_t offset = 0, size = 0;
  uint32_t crc_stored = 0, crc_computed = 0;
};
struct ImageInfo {
  uint16_t major = 0, minor = 0;
  uint64_t file_size = 0;
  std::vector<SectionInfo> sections;
};
// Reads only the header and the section table (and computes each section's CRC); validates the
// header, the table, section bounds, overlaps and padding, but not the CRCs.
ImageInfo inspectImage(const std::vector<uint8_t> &bytes, const std::string &source);

} // namespace bnnc::image
