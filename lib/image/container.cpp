// The container: header, section table, aligned sections (docs/image-format.md, "Container").
#include "bnnc/image/container.h"
#include "bnnc/support/crc32.h"
#include "bytes.h"
#include "text.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <set>

namespace bnnc::image {

namespace {

uint64_t alignUp(uint64_t v) { return (v + kSectionAlign - 1) / kSectionAlign * kSectionAlign; }

uint64_t readLe(const std::vector<uint8_t> &b, uint64_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= uint64_t(b[at + uint64_t(i)]) << (8 * i);
  return v;
}

// The header CRC covers the header before the CRC field (bytes 0-23) and the section table.
uint32_t headerCrc(const std::vector<uint8_t> &b, uint64_t table_end) {
  uint32_t crc = crc32(b.data(), 24);
  return crc32(b.data() + kHeaderSize, size_t(table_end - kHeaderSize), crc);
}

std::string version(uint64_t major, uint64_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

struct Reader {
  const std::vector<uint8_t> &b;
  const std::string &source;

  [[noreturn]] void fail(uint64_t at, const std::string &place, const std::string &msg) const {
    failAt(source, at, place, msg);
  }

  void checkHeader() const {
    // The magic first, on what there is of it, so that any other file is named as such.
    if (!b.empty() && std::memcmp(b.data(), kMagic, std::min<size_t>(b.size(), 8)) != 0) {
      std::string found;
      for (size_t i = 0; i < std::min<size_t>(b.size(), 8); ++i)
        found += hex(b[i], 2).substr(2) + " ";
      found.pop_back();
      fail(0, "header", "not a bnnc chip image (bad magic " + found + ")");
    }
    if (b.size() < kHeaderSize)
      fail(0, "header",
           "the file is " + std::to_string(b.size()) + " bytes, shorter than the " +
               std::to_string(kHeaderSize) + "-byte header");
    uint64_t major = readLe(b, 8, 2), minor = readLe(b, 10, 2);
    std::string ours = version(kVersionMajor, kVersionMinor);
    if (major > kVersionMajor)
      fail(8, "header",
           "image format version " + version(major, minor) + " is newer than this bnnc supports (" +
               ours + ")");
    if (major < kVersionMajor)
      fail(8, "header",
           "image format version " + version(major, minor) + " is older than this bnnc supports (" +
               ours + ")");
    uint64_t size = readLe(b, 16, 8);
    if (size != b.size())
      fail(16, "header",
           "the header gives a file size of " + std::to_string(size) + " bytes, the file has " +
               std::to_string(b.size()));
    // count < 2^32 entries of 28 bytes: no overflow in 64 bits.
    uint64_t count = readLe(b, 12, 4), tableEnd = kHeaderSize + count * kSectionEntrySize;
    if (tableEnd > b.size())
      fail(12, "header",
           "the section table (" + std::to_string(count) + " entries) ends at " + hex(tableEnd) +
               ", past the end of the file (" + hex(b.size()) + ")");
    uint32_t stored = uint32_t(readLe(b, 24, 4)), computed = headerCrc(b, tableEnd);
    if (stored != computed)
      fail(24, "header",
           "header CRC mismatch (stored " + hex(stored, 8) + ", computed " + hex(computed, 8) +
               ")");
  }

  SectionInfo entry(uint64_t i, uint64_t table_end, bool newer_minor) const {
    uint64_t at = kHeaderSize + i * kSectionEntrySize;
    SectionInfo s;
    s.tag = std::string(b.begin() + int64_t(at), b.begin() + int64_t(at + 4));
    std::string place = "section table entry " + std::to_string(i);
    for (char c : s.tag)
      if (c < 0x20 || c > 0x7e)
        fail(at, place, "the tag is not 4 printable ASCII characters");
    place += " (" + s.tag + ")";
    s.flags = uint32_t(readLe(b, at + 4, 4));
    s.offset = readLe(b, at + 8, 8);
    s.size = readLe(b, at + 16, 8);
    s.crc_stored = uint32_t(readLe(b, at + 24, 4));
    // Reserved flag bits may be defined by a newer minor version; this reader ignores them then.
    if ((s.flags & ~kFlagRequired) != 0 && !newer_minor)
      fail(at + 4, place, "reserved flag bits " + hex(s.flags & ~kFlagRequired) + " are set");
    if (s.offset % kSectionAlign != 0)
      fail(at + 8, place, "the section offset " + hex(s.offset) + " is not a multiple of 64");
    if (s.offset < table_end)
      fail(at + 8, place,
           "the section starts at " + hex(s.offset) +
               ", inside the header and section table (which end at " + hex(table_end) + ")");
    if (s.offset > b.size() || s.size > b.size() - s.offset)
      fail(at + 16, place,
           "the section (offset " + hex(s.offset) + ", size " + hex(s.size) +
               ") runs past the end of the file (" + hex(b.size()) + ")");
    return s;
  }

  // Sections must not overlap, and every byte between them must be zero padding.
  void checkLayout(std::vector<SectionInfo> sections, uint64_t table_end) const {
    std::stable_sort(
        sections.begin(), sections.end(),
        [](const SectionInfo &x, const SectionInfo &y) { return x.offset < y.offset; });
    uint64_t pos = table_end;
    std::string after = "section table";
    for (const SectionInfo &s : sections) {
      if (s.offset < pos)
        fail(s.offset, "section " + s.tag,
             "the section overlaps the " + after + " (which ends at " + hex(pos) + ")");
      checkPadding(pos, s.offset, after);
      pos = s.offset + s.size;
      after = "section " + s.tag;
    }
    checkPadding(pos, b.size(), after);
  }

  void checkPadding(uint64_t from, uint64_t to, const std::string &after) const {
    for (uint64_t i = from; i < to; ++i)
      if (b[i] != 0)
        fail(i, "padding after the " + after, "padding byte is " + hex(b[i], 2) + ", not 0");
  }
};

} // namespace

std::vector<uint8_t> assembleImage(const std::vector<Section> &sections, uint16_t major,
                                   uint16_t minor) {
  uint64_t tableEnd = kHeaderSize + sections.size() * kSectionEntrySize;
  // Offsets: each section at the first multiple of 64 at or after the end of the previous one;
  // the file ends with the last section.
  std::vector<uint64_t> offsets;
  uint64_t pos = tableEnd, fileSize = tableEnd;
  for (const Section &s : sections) {
    offsets.push_back(alignUp(pos));
    pos = fileSize = offsets.back() + s.bytes.size();
  }
  ByteWriter w;
  for (char c : kMagic)
    w.u8(uint8_t(c));
  w.u16(major);
  w.u16(minor);
  w.u32(uint32_t(sections.size()));
  w.u64(fileSize);
  w.u32(0); // header CRC, filled in below
  for (size_t i = 0; i < sections.size(); ++i) {
    const Section &s = sections[i];
    assert(s.tag.size() == 4);
    for (char c : s.tag)
      w.u8(uint8_t(c));
    w.u32(s.flags);
    w.u64(offsets[i]);
    w.u64(s.bytes.size());
    w.u32(crc32(s.bytes.data(), s.bytes.size()));
  }
  for (const Section &s : sections) {
    w.padTo(kSectionAlign);
    w.append(s.bytes);
  }
  w.putU32At(24, headerCrc(w.bytes(), tableEnd));
  return w.take();
}

ImageInfo inspectImage(const std::vector<uint8_t> &bytes, const std::string &source) {
  Reader r{bytes, source};
  r.checkHeader();
  ImageInfo info;
  info.major = uint16_t(readLe(bytes, 8, 2));
  info.minor = uint16_t(readLe(bytes, 10, 2));
  info.file_size = bytes.size();
  uint64_t count = readLe(bytes, 12, 4), tableEnd = kHeaderSize + count * kSectionEntrySize;
  std::set<std::string> tags; // a set: a table may have millions of entries
  for (uint64_t i = 0; i < count; ++i) {
    SectionInfo s = r.entry(i, tableEnd, info.minor > kVersionMinor);
    if (!tags.insert(s.tag).second)
      r.fail(kHeaderSize + i * kSectionEntrySize, "section table entry " + std::to_string(i),
             "duplicate section " + s.tag);
    s.crc_computed = crc32(bytes.data() + s.offset, size_t(s.size));
    info.sections.push_back(s);
  }
  r.checkLayout(info.sections, tableEnd);
  return info;
}

} // namespace bnnc::image
