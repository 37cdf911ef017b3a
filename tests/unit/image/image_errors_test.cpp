// Reader errors of the container: truncation, corruption, versions, the section table. Every
// message names the file, the byte offset and the section; none of these inputs may crash.
#include "bnnc/image/container.h"
#include "bnnc/image/image.h"
#include "bnnc/support/crc32.h"
#include "bnnc/support/error.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::image {
namespace {

using test::hexOf;
using test::readError;

// The tiny image's layout is derived in image_golden_test.cpp: 3056 bytes, table entries at
// 0x1c + 28 i, META 0x100, ARCH 0x140, COND 0x180, INPT 0x200, LAYR 0x240, TILE 0x3c0.
std::vector<uint8_t> tiny() { return writeImage(test::tinyImage()); }

TEST(ImageErrors, TruncatedFiles) {
  std::vector<uint8_t> full = tiny();
  for (size_t n : {0, 5, 8, 27}) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + int64_t(n));
    EXPECT_EQ(readError(cut), "m.bnn: offset 0x0 (header): error: the file is " +
                                  std::to_string(n) + " bytes, shorter than the 28-byte header");
  }
  for (size_t n : {28, 100, 196, 300, 1000, 3055}) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + int64_t(n));
    EXPECT_EQ(readError(cut), "m.bnn: offset 0x10 (header): error: the header gives a file size "
                              "of 3056 bytes, the file has " +
                                  std::to_string(n));
  }
}

// Truncated files whose header was made to agree with their length.
TEST(ImageErrors, TruncatedFilesWithAMatchingSize) {
  std::vector<uint8_t> cut(tiny());
  cut.resize(100);
  test::putLe(cut, 16, 100, 8);
  EXPECT_EQ(readError(cut), "m.bnn: offset 0xc (header): error: the section table (6 entries) "
                            "ends at 0xc4, past the end of the file (0x64)");
  cut = tiny();
  cut.resize(3000);
  test::putLe(cut, 16, 3000, 8);
  test::reseal(cut);
  // TILE's entry is the sixth, at 0x1c + 5 * 28 = 0xa8; its size field 16 bytes further.
  EXPECT_EQ(readError(cut), "m.bnn: offset 0xb8 (section table entry 5 (TILE)): error: the "
                            "section (offset 0x3c0, size 0x830) runs past the end of the file "
                            "(0xbb8)");
}

// A flipped bit inside any section is caught by that section's CRC.
TEST(ImageErrors, FlippedBitInEachSectionNamesIt) {
  for (std::vector<uint8_t> good : {tiny(), writeImage(test::randomImage(3))}) {
    for (const SectionInfo &s : inspectImage(good, "m.bnn").sections) {
      for (uint64_t at : {s.offset, s.offset + s.size / 2, s.offset + s.size - 1}) {
        std::vector<uint8_t> bad = good;
        bad[at] ^= 0x10;
        uint32_t computed = crc32(bad.data() + s.offset, s.size);
        ASSERT_NE(computed, s.crc_stored);
        EXPECT_EQ(readError(bad), "m.bnn: offset " + hexOf(s.offset) + " (section " + s.tag +
                                      "): error: CRC mismatch (stored " +
                                      test::hexOf8(s.crc_stored) + ", computed " +
                                      test::hexOf8(computed) + ")");
      }
    }
  }
}

TEST(ImageErrors, FlippedBitInTheHeaderOrTable) {
  std::vector<uint8_t> bad = tiny();
  bad[0x1c + 8] ^= 0x01; // META's offset 0x100 -> 0x101: the header CRC covers the table
  uint32_t computed = crc32(bad.data(), 24);
  computed = crc32(bad.data() + 28, 6 * 28, computed);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x18 (header): error: header CRC mismatch (stored "
                            "0x7e96fc25, computed " +
                                test::hexOf8(computed) + ")");
  bad = tiny();
  bad[16] ^= 0x01; // file size 3056 -> 3057
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x10 (header): error: the header gives a file size "
                            "of 3057 bytes, the file has 3056");
}

TEST(ImageErrors, NonZeroPadding) {
  std::vector<uint8_t> bad = tiny();
  bad[200] = 1;
  EXPECT_EQ(readError(bad), "m.bnn: offset 0xc8 (padding after the section table): error: "
                            "padding byte is 0x01, not 0");
  bad = tiny();
  bad[0x127] = 0x80; // the byte right after META
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x127 (padding after the section META): error: "
                            "padding byte is 0x80, not 0");
}

TEST(ImageErrors, BadMagic) {
  std::vector<uint8_t> bad = tiny();
  bad[0] = 'X';
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x0 (header): error: not a bnnc chip image (bad magic "
                            "58 4e 4e 43 49 4d 47 00)");
  EXPECT_EQ(readError({0x89, 'P', 'N', 'G'}),
            "m.bnn: offset 0x0 (header): error: not a bnnc chip image (bad magic 89 50 4e 47)");
}

TEST(ImageErrors, NewerAndOlderVersions) {
  std::vector<uint8_t> bad = tiny();
  test::putLe(bad, 8, 2, 2);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x8 (header): error: image format version 2.2 is "
                            "newer than this bnnc supports (1.2)");
  test::putLe(bad, 10, 3, 2);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x8 (header): error: image format version 2.3 is "
                            "newer than this bnnc supports (1.2)");
  test::putLe(bad, 8, 0, 2);
  test::putLe(bad, 10, 9, 2);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x8 (header): error: image format version 0.9 is "
                            "older than this bnnc supports (1.2)");
}

TEST(ImageErrors, SectionOffsets) {
  std::vector<uint8_t> bad = tiny();
  test::putLe(bad, 0x1c + 8, 0x101, 8);
  test::reseal(bad);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x24 (section table entry 0 (META)): error: the "
                            "section offset 0x101 is not a multiple of 64");
  bad = tiny();
  test::putLe(bad, 0x1c + 8, 0x80, 8);
  test::reseal(bad);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x24 (section table entry 0 (META)): error: the "
                            "section starts at 0x80, inside the header and section table (which "
                            "end at 0xc4)");
  bad = tiny();
  test::putLe(bad, 0x1c + 4 * 28 + 8, 0x200, 8); // LAYR moved onto INPT
  test::reseal(bad);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x200 (section LAYR): error: the section overlaps the "
                            "section INPT (which ends at 0x23f)");
  bad = tiny();
  test::putLe(bad, 12, 1000, 4); // 28 + 1000 * 28 = 0x6d7c
  EXPECT_EQ(readError(bad), "m.bnn: offset 0xc (header): error: the section table (1000 "
                            "entries) ends at 0x6d7c, past the end of the file (0xbf0)");
}

TEST(ImageErrors, MissingUnknownAndDuplicateSections) {
  std::vector<uint8_t> bad = tiny();
  uint64_t cond = 0x1c + 2 * 28;
  for (int i = 0; i < 4; ++i)
    bad[cond + uint64_t(i)] = uint8_t("XTRA"[i]);
  test::putLe(bad, cond + 4, 0, 4); // optional: skipped, so COND is missing
  test::reseal(bad);
  EXPECT_EQ(readError(bad),
            "m.bnn: offset 0x1c (section table): error: required section COND is missing");
  std::vector<Section> sections;
  for (const SectionInfo &s : inspectImage(tiny(), "m.bnn").sections)
    sections.push_back({s.tag, s.flags, {}});
  std::vector<uint8_t> good = tiny();
  for (Section &s : sections) {
    SectionInfo info = test::sectionInfo(good, s.tag);
    s.bytes.assign(good.begin() + int64_t(info.offset),
                   good.begin() + int64_t(info.offset + info.size));
  }
  sections.push_back({"XTRA", kFlagRequired, {1}});
  EXPECT_EQ(readError(assembleImage(sections)),
            "m.bnn: offset 0xc4 (section table entry 6 (XTRA)): error: unknown required section "
            "XTRA (this bnnc reads format 1.2)");
  sections.back() = sections[0];
  EXPECT_EQ(readError(assembleImage(sections)),
            "m.bnn: offset 0xc4 (section table entry 6): error: duplicate section META");
  sections.back().tag = std::string{'M', 'E', 1, 'A'};
  EXPECT_EQ(readError(assembleImage(sections)), "m.bnn: offset 0xc4 (section table entry 6): "
                                                "error: the tag is not 4 printable ASCII "
                                                "characters");
}

TEST(ImageErrors, SectionEndsInsideAField) {
  std::vector<uint8_t> bad = tiny();
  test::putLe(bad, 0x1c + 16, 36, 8); // META 39 -> 36 bytes: its last 3 bytes are zero padding
  test::reseal(bad);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x11f (section META): error: the section ends inside "
                            "dimension 0 of the output shape (8 bytes needed, 5 left)");
  bad = tiny();
  test::putLe(bad, 0x100, 1000, 4); // the model name's length
  test::reseal(bad);
  EXPECT_EQ(readError(bad), "m.bnn: offset 0x100 (section META): error: the model name is 1000 "
                            "bytes long, but only 35 bytes of the section follow");
}

// Every truncation of an image, and every byte of it set to a few values with the CRCs made to
// match again (so that the decoders see the change), gives a bnnc::Error or a valid image, never
// a crash or another exception.
TEST(ImageErrors, NoInputCrashes) {
  size_t errors = 0, inputs = 0;
  auto attempt = [&](const std::vector<uint8_t> &bytes) {
    ++inputs;
    try {
      readImage(bytes, "m.bnn");
    } catch (const Error &) {
      ++errors;
    }
  };
  for (const std::vector<uint8_t> &good : {tiny(), writeImage(test::randomImage(9))}) {
    for (size_t n = 0; n < good.size(); ++n)
      attempt(std::vector<uint8_t>(good.begin(), good.begin() + int64_t(n)));
    for (size_t at = 0; at < good.size(); ++at)
      for (uint8_t v : {0x00, 0x01, 0x80, 0xff}) {
        std::vector<uint8_t> bad = good;
        bad[at] = v;
        test::reseal(bad);
        attempt(bad);
      }
  }
  // Most changes are errors (truncations all are); some only change a value (a weight bit).
  EXPECT_GT(errors, inputs / 2);
}

} // namespace
} // namespace bnnc::image
