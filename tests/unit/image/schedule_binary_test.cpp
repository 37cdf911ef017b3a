// The binary schedule: the bytes of a small mapping worked out by hand, the operations read back
// equal to the stored schedule on a random mapping, its size (one bit per cell), and the errors
// of damaged files.
#include "bnnc/image/schedule.h"
#include "bnnc/support/crc32.h"
#include "bnnc/support/error.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

namespace bnnc::image {
namespace {

using test::smallScheduleMapping;

std::vector<uint8_t> binary(const mapping::Mapping &m, const Condition &c) {
  std::ostringstream out;
  streamScheduleBinary(out, m, c);
  std::string s = out.str();
  return {s.begin(), s.end()};
}

std::string errorOf(const std::vector<uint8_t> &bytes) {
  try {
    readScheduleBinary(bytes, "m.bsched");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(ScheduleBinary, TilesOfASmallMappingByHand) {
  const Condition &c = conditionByName("typical");
  std::vector<uint8_t> b = binary(smallScheduleMapping(), c);
  // Header: 8 magic + 4 version + 4 + 7 ("typical") + 8 x 8 condition + 5 x 8 totals + 4 tiles.
  size_t tiles_at = 8 + 4 + 4 + 7 + 64 + 40 + 4;
  // Tile 0: 2 x 3, rows 1 0 1 = 0b101 and 0 0 1 = 0b100; tile 1: 2 x 1, rows 1 and 0; tile 2:
  // 1 x 3, 1 1 1; tile 3: 1 x 1, 1. Then the CRC.
  std::vector<uint8_t> tiles = {2, 0, 0, 0, 3, 0, 0, 0, 0b101, 0b100, //
                                2, 0, 0, 0, 1, 0, 0, 0, 1,     0,     //
                                1, 0, 0, 0, 3, 0, 0, 0, 0b111,        //
                                1, 0, 0, 0, 1, 0, 0, 0, 1};
  ASSERT_EQ(b.size(), tiles_at + tiles.size() + 4);
  EXPECT_EQ(std::string(b.begin(), b.begin() + 8), std::string("BNNCSCH\0", 8));
  EXPECT_EQ(std::vector<uint8_t>(b.begin() + long(tiles_at - 4), b.begin() + long(tiles_at)),
            (std::vector<uint8_t>{4, 0, 0, 0}));
  EXPECT_EQ(std::vector<uint8_t>(b.begin() + long(tiles_at), b.end() - 4), tiles);
  uint32_t crc = crc32(b.data(), b.size() - 4);
  EXPECT_EQ(b[b.size() - 4] | b[b.size() - 3] << 8 | b[b.size() - 2] << 16 | b.back() << 24,
            int(crc));
}

TEST(ScheduleBinary, ReadsBackTheStoredSchedule) {
  const uint32_t seed = 4321;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  ir::Program p;
  ir::Layer l;
  l.name = "fc";
  l.geom.cin = 150, l.geom.cout = 70;
  for (int i = 0; i < 70 * 150; ++i)
    l.weights.push_back(uint8_t(rng() & 1));
  p.layers.push_back(l);
  mapping::Mapping m = mapping::mapProgram(p, mapping::Arch{"t", 64, 100, 7, 8, 100}, "m.onnx");
  const Condition &c = conditionByName("low-energy");
  std::vector<uint8_t> b = binary(m, c);
  ScheduleFile file = readScheduleBinary(b, "m.bsched");
  EXPECT_EQ(file.ops, buildSchedule(m));
  EXPECT_EQ(file.condition, c);
  EXPECT_EQ(file.totals.pulses, 21000);
  // One bit per cell: the 10500 cells in 64 + 64 + 6 + 6 rows of 13 or 7 bytes; the header (134
  // bytes with the name "low-energy"), 8 bytes per tile and the CRC.
  EXPECT_EQ(b.size(), 134u + 64 * 13 + 64 * 7 + 6 * 13 + 6 * 7 + 4 * 8 + 4);
}

TEST(ScheduleBinary, DamagedFilesAreErrorsNamingTheOffset) {
  std::vector<uint8_t> b = binary(smallScheduleMapping(), conditionByName("typical"));
  std::vector<uint8_t> flipped = b;
  flipped[130] ^= 1;
  EXPECT_EQ(
      errorOf(flipped), "m.bsched: offset 0x" + [&] {
        char hex[16];
        std::snprintf(hex, sizeof hex, "%zx", b.size() - 4);
        return std::string(hex);
      }() + " (trailer): error: CRC-32 mismatch: the file is damaged");
  EXPECT_EQ(errorOf({'B', 'N', 'N'}),
            "m.bsched: offset 0x0 (header): error: not a bnnc binary schedule (missing the "
            "BNNCSCH magic)");
  std::vector<uint8_t> newer = b;
  newer[8] = 2; // major version 2
  uint32_t crc = crc32(newer.data(), newer.size() - 4);
  for (int i = 0; i < 4; ++i)
    newer[newer.size() - 4 + size_t(i)] = uint8_t(crc >> (8 * i));
  EXPECT_EQ(errorOf(newer), "m.bsched: offset 0x8 (header): error: unsupported schedule "
                            "version 2.0 (this bnnc reads 1.x)");
}

} // namespace
} // namespace bnnc::image
