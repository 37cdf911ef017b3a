// analyticBitErrorRate: hand-computed values of the formula and the ageing/retention laws, and
// plain Monte-Carlo counts over programmed chips that it must predict.
#include "bnnc/device/device_model.h"
#include "bnnc/device/physics.h"
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/random.h"
#include "unit/device/chip_util.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

// Medians e^2 apart, sigmas whose squares add up to 1 with the read noise and offset:
// sL^2 + sH^2 + 2 r^2 + o^2 = 0.25 + 0.58 + 0.08 + 0.09 = 1, so z = 2.
DeviceModel unitModel() {
  DeviceModel m;
  m.lrs = {1000, 0.3, 0.4};
  m.hrs = {1000 * std::exp(2.0), 0.3, 0.7};
  m.read_sigma = 0.2;
  m.sense_offset_sigma = 0.3;
  return m;
}

TEST(Analytic, PairFormulaByHand) {
  // Phi(-2), computed with Python's math.erfc.
  EXPECT_NEAR(analyticBitErrorRate(unitModel(), {}), 0.02275013194817922, 1e-15);
}

TEST(Analytic, SingleDeviceAgainstTheReferenceByHand) {
  DeviceModel m = unitModel();
  m.cell = DeviceModel::Cell::OneT1R;
  // The reference sits at the geometric mean, 1 from each median in ln units:
  // (Phi(-1 / sqrt(0.25 + 0.04 + 0.09)) + Phi(-1 / sqrt(0.58 + 0.04 + 0.09))) / 2.
  EXPECT_NEAR(analyticBitErrorRate(m, {}), 0.08501781133170122, 1e-15);
  // A reference at the LRS median: every LRS read is a coin flip, every HRS one 2 away.
  m.reference_ohm = 1000;
  double expected = 0.5 * (0.5 + 0.5 * std::erfc(2 / std::sqrt(0.71) / std::sqrt(2.0)));
  EXPECT_NEAR(analyticBitErrorRate(m, {}), expected, 1e-15);
}

TEST(Analytic, AgeingClosesTheWindowPerDecadePastOnset) {
  DeviceModel m = unitModel();
  m.ageing = {10, 0.25};
  EXPECT_NEAR(analyticBitErrorRate(m, {10, 0, 300}), 0.02275013194817922, 1e-15); // at onset
  // 1000 cycles are 2 decades past 10: the window keeps 1 - 2 x 0.25 = 0.5 of its 2.
  EXPECT_NEAR(analyticBitErrorRate(m, {1000, 0, 300}), 0.15865525393145707, 1e-15);
  Physics phys(m, {1000, 0, 300});
  EXPECT_NEAR(phys.lnLrsProgrammed(), std::log(1000.0) + 0.5, 1e-12);
  EXPECT_NEAR(phys.lnHrsProgrammed(), std::log(1000.0) + 1.5, 1e-12);
  // 4 decades would remove 100 %: the window stays closed, a coin flip.
  EXPECT_EQ(analyticBitErrorRate(m, {1e6, 0, 300}), 0.5);
}

TEST(Analytic, RetentionDriftsBothStatesPerDecade) {
  DeviceModel m = unitModel();
  m.retention = {0.1, 1, 0, 300};
  // 99 s after programming: log10(1 + 99) = 2 decades, each state 0.2 closer: window 1.6.
  EXPECT_NEAR(analyticBitErrorRate(m, {0, 99, 300}), 0.054799291699558, 1e-15);
  Physics phys(m, {0, 99, 300});
  EXPECT_NEAR(phys.lnLrsAtRead(), std::log(1000.0) + 0.2, 1e-12);
  EXPECT_NEAR(phys.lnHrsAtRead(), std::log(1000.0) + 1.8, 1e-12);
  // The states meet in the middle and stop there.
  m.retention.drift_per_decade = 10;
  EXPECT_EQ(analyticBitErrorRate(m, {0, 99, 300}), 0.5);
}

TEST(Analytic, RetentionIsArrheniusAccelerated) {
  DeviceModel m = unitModel();
  m.retention = {0.1, 1, 1.0, 300};
  // exp(1 eV / k (1/300 K - 1/350 K)) = 251.12755827863936 (Python, k = 8.617333262e-5 eV/K):
  // 3.978... s at 350 K is worth 999 s at 300 K, 3 decades: window 2 - 0.6 = 1.4.
  Environment hot{0, 999 / 251.12755827863936, 350};
  EXPECT_NEAR(retentionAcceleration(m, hot), 251.12755827863936, 1e-9);
  EXPECT_NEAR(analyticBitErrorRate(m, hot), 0.08075665923377108, 1e-13);
  // Below the reference temperature the drift slows down.
  EXPECT_LT(analyticBitErrorRate(m, {0, 999, 250}), analyticBitErrorRate(m, {0, 999, 300}));
}

// One read of every used cell, drawn from the programmed chip: the sensed bit flips with the
// cell's risk p. Returns the number of wrong reads.
int64_t countReadErrors(const image::ChipImage &img, const VirtualChip &chip, uint64_t seed) {
  Rng rng(seed);
  int64_t errors = 0, words = img.mapping.wordsPerRow();
  for (size_t i = 0; i < img.mapping.tiles.size(); ++i) {
    const mapping::Tile &t = img.mapping.tiles[i];
    size_t k = 0;
    for (int64_t r = 0; r < t.rows; ++r)
      for (int64_t c = 0; c < t.cols; ++c) {
        const auto &risky = chip.tiles[i].risky;
        double p = 0;
        if (k < risky.size() && risky[k].row == uint64_t(r) && risky[k].col == uint64_t(c))
          p = risky[k++].p;
        bool sensed = (chip.tiles[i].sensed[r * words + c / 64] >> (c % 64)) & 1;
        bool read = sensed != (rng.uniform() < p);
        errors += read != img.mapping.cell(t, r, c);
      }
  }
  return errors;
}

// Programs 40 single-row tiles of 4096 cells (so that no two cells share a column offset: the
// cells are independent) and compares the wrong reads with the analytic rate within 4 standard
// errors of a binomial count.
void expectCountMatchesAnalytic(const DeviceModel &m, const Environment &env, uint64_t seed) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  image::ChipImage img = test::randomChipImage(40, 1, 4096, 1, 4096, seed);
  VirtualChip chip = programChip(img, m, env, seed, 2);
  const double n = double(chip.used_cells), ber = analyticBitErrorRate(m, env);
  ASSERT_GT(ber, 1e-3);
  ASSERT_LT(ber, 0.2);
  double measured = double(countReadErrors(img, chip, seed + 1)) / n;
  EXPECT_NEAR(measured, ber, 4 * std::sqrt(ber * (1 - ber) / n)) << "analytic " << ber;
}

TEST(AnalyticMonteCarlo, PairMatchesCounts) {
  expectCountMatchesAnalytic(test::stressModel(), {}, 11);
}

TEST(AnalyticMonteCarlo, PairWithAgeingAndRetentionMatchesCounts) {
  DeviceModel m = test::stressModel();
  m.lrs.median_ohm = 500; // a wider window, so that the aged BER stays in range
  m.ageing = {10, 0.1};
  m.retention = {0.05, 1, 0.5, 300};
  expectCountMatchesAnalytic(m, {1000, 100, 350}, 12);
}

TEST(AnalyticMonteCarlo, SingleDeviceMatchesCounts) {
  DeviceModel m = test::stressModel1T1R();
  m.lrs.median_ohm = 300;
  expectCountMatchesAnalytic(m, {}, 13);
  m.reference_ohm = 1500; // off the geometric mean: the two states err differently
  expectCountMatchesAnalytic(m, {}, 14);
}

TEST(AnalyticMonteCarlo, AgeingAndRetentionRaiseTheRate) {
  DeviceModel m = test::stressModel();
  m.ageing = {1e4, 0.1};
  m.retention = {0.02, 1, 1.2, 300};
  image::ChipImage img = test::randomChipImage(8, 64, 128, 64, 128, 21);
  Environment fresh{}, aged{1e6, 0, 300}, baked{0, 3.15e8, 358};
  double b_fresh = analyticBitErrorRate(m, fresh);
  EXPECT_GT(analyticBitErrorRate(m, aged), 2 * b_fresh);
  EXPECT_GT(analyticBitErrorRate(m, baked), 2 * b_fresh);
  int64_t e_fresh = programChip(img, m, fresh, 21, 1).static_errors;
  EXPECT_GT(programChip(img, m, aged, 21, 1).static_errors, 2 * e_fresh);
  EXPECT_GT(programChip(img, m, baked, 21, 1).static_errors, 2 * e_fresh);
}

} // namespace
} // namespace bnnc::device
