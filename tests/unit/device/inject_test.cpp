// injectBitErrors: exact at rates 0 and 1, the right rate in between, and its error texts.
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/error.h"
#include "unit/device/chip_util.h"

#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace bnnc::device {
namespace {

// Flipped used cells per tile (differences between sensed and stored bits).
std::vector<int64_t> flipsPerTile(const image::ChipImage &img, const VirtualChip &chip) {
  std::vector<int64_t> flips;
  for (size_t i = 0; i < chip.tiles.size(); ++i) {
    int64_t n = 0;
    for (size_t w = 0; w < chip.tiles[i].sensed.size(); ++w)
      n += std::popcount(chip.tiles[i].sensed[w] ^ img.mapping.tiles[i].cells[w]);
    flips.push_back(n);
  }
  return flips;
}

TEST(InjectBitErrors, RateZeroKeepsEveryBit) {
  image::ChipImage img = test::randomChipImage(3, 16, 72, 13, 70, 1);
  VirtualChip chip = injectBitErrors(img, 0, 7);
  for (size_t i = 0; i < chip.tiles.size(); ++i) {
    EXPECT_EQ(chip.tiles[i].sensed, img.mapping.tiles[i].cells);
    EXPECT_TRUE(chip.tiles[i].risky.empty());
  }
  EXPECT_EQ(chip.static_errors, 0);
  EXPECT_EQ(chip.used_cells, 3 * 13 * 70);
  EXPECT_EQ(chip.programming.pulses, 0);
}

TEST(InjectBitErrors, RateOneFlipsEveryUsedBitAndNothingElse) {
  image::ChipImage img = test::randomChipImage(3, 16, 72, 13, 70, 2);
  VirtualChip chip = injectBitErrors(img, 1, 7);
  EXPECT_EQ(chip.static_errors, 3 * 13 * 70);
  for (size_t i = 0; i < chip.tiles.size(); ++i)
    for (int64_t r = 0; r < 16; ++r)
      for (int64_t c = 0; c < 128; ++c) {
        bool sensed = (chip.tiles[i].sensed[r * 2 + c / 64] >> (c % 64)) & 1;
        bool used = r < 13 && c < 70;
        EXPECT_EQ(sensed, used && !img.mapping.cell(img.mapping.tiles[i], r, c))
            << "tile " << i << " cell " << r << "," << c;
      }
}

TEST(InjectBitErrors, FlipsAtTheRateInEveryTile) {
  image::ChipImage img = test::randomChipImage(20, 128, 128, 100, 120, 3);
  const double q = 0.01, per_tile = 100 * 120;
  for (uint64_t seed : {5u, 6u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    VirtualChip chip = injectBitErrors(img, q, seed);
    std::vector<int64_t> flips = flipsPerTile(img, chip);
    int64_t total = 0;
    for (int64_t f : flips) {
      total += f;
      // Per tile 120 flips expected, sd 10.9: a gap-sampling bug that drifts shows up here.
      EXPECT_NEAR(double(f), per_tile * q, 4.5 * std::sqrt(per_tile * q * (1 - q)));
    }
    EXPECT_EQ(chip.static_errors, total);
    double n = 20 * per_tile;
    EXPECT_NEAR(double(total), n * q, 4 * std::sqrt(n * q * (1 - q)));
  }
  EXPECT_NE(injectBitErrors(img, q, 5).tiles[0].sensed, injectBitErrors(img, q, 6).tiles[0].sensed);
}

TEST(InjectBitErrors, TinyRatesFlipAlmostNothing) {
  image::ChipImage img = test::randomChipImage(2, 16, 64, 16, 64, 4);
  EXPECT_EQ(injectBitErrors(img, 1e-300, 1).static_errors, 0);
  EXPECT_EQ(injectBitErrors(img, std::numeric_limits<double>::denorm_min(), 1).static_errors, 0);
}

TEST(InjectBitErrors, RateOutsideZeroOneIsAnError) {
  image::ChipImage img = test::randomChipImage(1, 16, 64, 16, 64, 5);
  auto message = [&](double ber) {
    try {
      injectBitErrors(img, ber, 1);
    } catch (const Error &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message(1.5), "--ber: error: must be a number in [0, 1], got 1.5");
  EXPECT_EQ(message(-1e-05), "--ber: error: must be a number in [0, 1], got -1e-05");
  EXPECT_EQ(message(std::nan("")), "--ber: error: must be a number in [0, 1], got nan");
}

} // namespace
} // namespace bnnc::device
