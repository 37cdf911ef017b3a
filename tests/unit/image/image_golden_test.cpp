// The bytes of the header and section table of a tiny image, derived by hand from
// docs/image-format.md. The CRCs are pinned as first computed, so that any change of the format
// shows up here; those of META and ARCH were also checked with Python's zlib.crc32 over the
// section bytes built by hand (struct.pack('<I', 7) + b'default' + struct.pack('<qqqqd', ...)).
#include "bnnc/image/image.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::image {
namespace {

// Section sizes of test::tinyImage():
//   META  39 = name "t" (4 + 1) + producer "p" (4 + 1) + note count 8 + final 1 + axis 8
//              + output shape [1] (rank 4 + 8)
//   ARCH  51 = "default" (4 + 7) + 4 x i64 + f64
//   COND  75 = "typical" (4 + 7) + 8 x f64
//   INPT  63 = kind 1 + shape [2] (4 + 8) + count 8 + 2 x (1 + 8) + bits 8 + lo 8 + hi 8
//   LAYR 353 = count 8 + "fc" (4 + 2) + "Gemm" (4 + 4) + geometry 16 x 8 + 2 x u8
//              + thresholds 8 + scale (8 + 8) + offset (8 + 8) + pooling 1 + 12 x 8
//              + use_or count 8 + placement 7 x 8
//   TILE 2096 = count 8 + one tile: 5 x 8 + 128 rows x 2 words x 8
// The table ends at 28 + 6 x 28 = 196; sections at the next multiples of 64:
//   META 0x100 (-0x127), ARCH 0x140 (-0x173), COND 0x180 (-0x1cb), INPT 0x200 (-0x23f),
//   LAYR 0x240 (-0x3a1), TILE 0x3c0 (-0xbf0 = 3056, the file size).
TEST(ImageGolden, HeaderAndSectionTableOfATinyImage) {
  std::vector<uint8_t> bytes = writeImage(test::tinyImage());
  ASSERT_EQ(bytes.size(), 3056u);
  const std::vector<uint8_t> header = {
      'B',  'N',  'N', 'C', 'I', 'M', 'G', 0, // magic
      1,    0,    2,   0,                     // version 1.2
      6,    0,    0,   0,                     // 6 sections
      0xf0, 0x0b, 0,   0,   0,   0,   0,   0, // file size 3056
  };
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 24), header);
  EXPECT_EQ(test::hexOf(test::getLe(bytes, 24, 4)), "0x7e96fc25") << "header CRC";
  struct Entry {
    const char *tag;
    uint64_t offset, size;
    uint32_t crc;
  };
  const Entry table[6] = {{"META", 0x100, 39, 0xed68e355},  {"ARCH", 0x140, 51, 0x6d04ae46},
                          {"COND", 0x180, 75, 0x545b9cbe},  {"INPT", 0x200, 63, 0x101a2ad6},
                          {"LAYR", 0x240, 353, 0x23626f13}, {"TILE", 0x3c0, 2096, 0x96e0b839}};
  for (int i = 0; i < 6; ++i) {
    uint64_t at = kHeaderSize + uint64_t(i) * kSectionEntrySize;
    SCOPED_TRACE(table[i].tag);
    EXPECT_EQ(std::string(bytes.begin() + int64_t(at), bytes.begin() + int64_t(at + 4)),
              table[i].tag);
    EXPECT_EQ(test::getLe(bytes, at + 4, 4), kFlagRequired);
    EXPECT_EQ(test::getLe(bytes, at + 8, 8), table[i].offset);
    EXPECT_EQ(test::getLe(bytes, at + 16, 8), table[i].size);
    EXPECT_EQ(test::hexOf(test::getLe(bytes, at + 24, 4)), test::hexOf(table[i].crc));
  }
  // Padding between the table and META is zero.
  for (uint64_t i = 196; i < 0x100; ++i)
    ASSERT_EQ(bytes[i], 0) << "byte " << i;
}

// The start of META, byte by byte: lengths and values little-endian.
TEST(ImageGolden, MetaSectionBytes) {
  std::vector<uint8_t> bytes = writeImage(test::tinyImage());
  const std::vector<uint8_t> meta = {
      1, 0, 0, 0, 't',          // model name
      1, 0, 0, 0, 'p',          // producer
      0, 0, 0, 0, 0,   0, 0, 0, // no notes
      0,                        // final: none
      1, 0, 0, 0, 0,   0, 0, 0, // final axis 1
      1, 0, 0, 0,               // output rank 1
      1, 0, 0, 0, 0,   0, 0, 0, // dimension 1
  };
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 0x100, bytes.begin() + 0x100 + 39), meta);
  // INPT's first comparison: kind Ge (0), then 0.5 as IEEE 754 binary64 (0x3fe0000000000000).
  const std::vector<uint8_t> compare = {0, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f};
  uint64_t at = 0x200 + 1 + 12 + 8;
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + int64_t(at), bytes.begin() + int64_t(at + 9)),
            compare);
  // The one tile holds weights {1, 0}: bit 0 of the first word of row 0.
  EXPECT_EQ(test::getLe(bytes, 0x3c0 + 8 + 40, 8), 1u);
}

} // namespace
} // namespace bnnc::image
