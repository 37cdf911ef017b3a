// Section-level checks shared by the image readers (see section_table.h).
#include "section_table.h"
#include "text.h"

#include <algorithm>

namespace bnnc::image {

SectionTable::SectionTable(const std::vector<uint8_t> &bytes, const std::string &source)
    : bytes_(bytes), source_(source), info_(inspectImage(bytes, source)) {}

const SectionInfo *SectionTable::find(const std::string &tag) const {
  for (const SectionInfo &s : info_.sections)
    if (s.tag == tag)
      return &s;
  return nullptr;
}

void SectionTable::failTable(const std::string &message) const {
  failAt(source_, kHeaderSize, "section table", message);
}

void SectionTable::check(const std::vector<std::string> &required,
                         const std::vector<std::string> &known) const {
  for (const SectionInfo &s : info_.sections)
    if (s.crc_stored != s.crc_computed)
      failAt(source_, s.offset, "section " + s.tag,
             "CRC mismatch (stored " + hex(s.crc_stored, 8) + ", computed " +
                 hex(s.crc_computed, 8) + ")");
  for (const std::string &tag : required)
    if (find(tag) == nullptr)
      failTable("required section " + tag + " is missing");
  for (size_t i = 0; i < info_.sections.size(); ++i) {
    const SectionInfo &s = info_.sections[i];
    if ((s.flags & kFlagRequired) && std::find(known.begin(), known.end(), s.tag) == known.end())
      failAt(source_, kHeaderSize + i * kSectionEntrySize,
             "section table entry " + std::to_string(i) + " (" + s.tag + ")",
             "unknown required section " + s.tag + " (this bnnc reads format " +
                 std::to_string(kVersionMajor) + "." + std::to_string(kVersionMinor) + ")");
  }
}

SectionReader SectionTable::section(const std::string &tag) const {
  const SectionInfo *s = find(tag);
  return SectionReader(bytes_, source_, tag, s->offset, s->offset + s->size,
                       info_.minor > kVersionMinor);
}

} // namespace bnnc::image
