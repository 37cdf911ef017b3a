// Chip image write -> read round trips, determinism, layout and forward compatibility.
#include "bnnc/image/container.h"
#include "bnnc/image/image.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::image {
namespace {

using test::randomImage;

TEST(ImageRoundTrip, RandomProgramsReadBackEqual) {
  for (unsigned seed : {1u, 2u, 3u, 42u, 2024u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    ChipImage image = randomImage(seed);
    ASSERT_EQ(image.mapping.tiles.size(), 6u); // 1 + 2 x 2 + 1
    ChipImage back = readImage(writeImage(image), "m.bnn");
    test::expectImagesEqual(image, back);
  }
}

TEST(ImageRoundTrip, TinyImageReadsBackEqual) {
  ChipImage image = test::tinyImage();
  test::expectImagesEqual(image, readImage(writeImage(image), "t.bnn"));
}

TEST(ImageRoundTrip, IdenticalInputGivesIdenticalBytes) {
  std::vector<uint8_t> a = writeImage(randomImage(7)), b = writeImage(randomImage(7));
  EXPECT_EQ(a, b);
  // Reading and writing again changes nothing either.
  EXPECT_EQ(writeImage(readImage(a, "m.bnn")), a);
  EXPECT_NE(writeImage(randomImage(8)), a);
}

TEST(ImageRoundTrip, LayoutFollowsTheSpec) {
  std::vector<uint8_t> bytes = writeImage(randomImage(5));
  ImageInfo info = inspectImage(bytes, "m.bnn");
  EXPECT_EQ(info.major, 1);
  EXPECT_EQ(info.minor, kVersionMinor);
  EXPECT_EQ(info.file_size, bytes.size());
  ASSERT_EQ(info.sections.size(), 6u);
  uint64_t end = kHeaderSize + 6 * kSectionEntrySize;
  for (size_t i = 0; i < 6; ++i) {
    const SectionInfo &s = info.sections[i];
    SCOPED_TRACE(s.tag);
    EXPECT_EQ(s.tag, kSectionTags[i]);
    EXPECT_EQ(s.flags, kFlagRequired);
    EXPECT_EQ(s.offset % 64, 0u);
    // Each section at the first multiple of 64 after the previous one.
    EXPECT_EQ(s.offset, (end + 63) / 64 * 64);
    EXPECT_EQ(s.crc_stored, s.crc_computed);
    end = s.offset + s.size;
  }
  EXPECT_EQ(end, bytes.size());
  // TILE: a u64 count, then per tile 5 i64 and 16 rows x 2 words, so every word is 8-aligned.
  const SectionInfo &tile = info.sections[5];
  EXPECT_EQ(tile.size, 8u + 6u * (40u + 16u * 2u * 8u));
}

// The sections of `bytes` as the assembler takes them.
std::vector<Section> sectionsOf(const std::vector<uint8_t> &bytes) {
  std::vector<Section> sections;
  for (const SectionInfo &s : inspectImage(bytes, "m.bnn").sections)
    sections.push_back({s.tag, s.flags,
                        std::vector<uint8_t>(bytes.begin() + int64_t(s.offset),
                                             bytes.begin() + int64_t(s.offset + s.size))});
  return sections;
}

// A file of a newer minor version (1.3) may append fields to sections and add optional sections,
// in any order; this reader (1.2) skips both.
TEST(ImageRoundTrip, NewerMinorVersionIsReadSkippingWhatItAppends) {
  ChipImage image = randomImage(11);
  std::vector<Section> sections = sectionsOf(writeImage(image));
  sections[0].bytes.push_back(0x5a); // a field appended to META
  sections[5].bytes.insert(sections[5].bytes.end(), 16, 0xee);
  sections.insert(sections.begin() + 2, Section{"XTRA", 0, {1, 2, 3}});
  sections.push_back(Section{"ZZZZ", 2, {}}); // a reserved flag bit a 1.3 file may use
  std::swap(sections[1], sections[4]);        // the table order does not matter
  test::expectImagesEqual(image, readImage(assembleImage(sections, 1, kVersionMinor + 1), "m.bnn"));
  // In a file of this reader's version the reserved flag and the appended fields are errors (the
  // unknown optional
  // section is still skipped). Entry 7 is at 28 + 7 * 28 = 0xe0, its flags 4 bytes later.
  EXPECT_EQ(test::readError(assembleImage(sections, 1, kVersionMinor)),
            "m.bnn: offset 0xe4 (section table entry 7 (ZZZZ)): error: reserved flag bits 0x2 are "
            "set");
  sections.pop_back();
  std::vector<uint8_t> old = assembleImage(sections, 1, kVersionMinor);
  SectionInfo meta = test::sectionInfo(old, "META");
  EXPECT_EQ(test::readError(old), "m.bnn: offset " + test::hexOf(meta.offset + meta.size - 1) +
                                      " (section META): error: the section has 1 more bytes "
                                      "than its fields");
}

} // namespace
} // namespace bnnc::image
