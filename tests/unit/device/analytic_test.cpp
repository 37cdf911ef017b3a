// analyticBitErrorRate: hand-computed values of the formulas and of the ageing, endurance,
// retention, temperature and read-path laws, and plain Monte-Carlo counts over programmed chips
// that it must predict.
#include "bnnc/device/device_model.h"
#include "bnnc/device/physics.h"
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/random.h"
#include "unit/device/chip_util.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

// Phi(-x) as Python's 0.5 * math.erfc(x / math.sqrt(2)) computes it.
double tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

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

TEST(Analytic, TelegraphNoiseAddsItsStateVariances) {
  DeviceModel m = unitModel();
  m.telegraph = {0.3, 0.4}; // + 0.09 + 0.16: z = 2 / sqrt(1.25)
  EXPECT_NEAR(analyticBitErrorRate(m, {}), tail(2 / std::sqrt(1.25)), 1e-15);
}

TEST(Analytic, SeriesResistanceScalesTheOffsetAtTheCrossing) {
  DeviceModel m = unitModel();
  m.series_ohm = 500;
  // ln R* = ln 1000 + 0.25 x 2 / (0.25 + 0.58) = ln 1000 + 0.60241: R* = 1826.4; the offset 0.3
  // acts as 0.3 (1 + 500 / 1826.4) = 0.38213 in ln R: variance 1 - 0.09 + 0.146023.
  double r_star = 1000 * std::exp(0.5 / 0.83);
  double o = 0.3 * (1 + 500 / r_star);
  EXPECT_NEAR(analyticBitErrorRate(m, {}), tail(2 / std::sqrt(0.91 + o * o)), 1e-15);
}

TEST(Analytic, FixedReferenceByHand) {
  DeviceModel m = unitModel();
  m.cell = DeviceModel::Cell::OneT1R;
  // The reference sits at the geometric mean, 1 from each median in ln units:
  // (Phi(-1 / sqrt(0.25 + 0.04 + 0.09)) + Phi(-1 / sqrt(0.58 + 0.04 + 0.09))) / 2.
  EXPECT_NEAR(analyticBitErrorRate(m, {}), 0.08501781133170122, 1e-15);
  // A reference at the LRS median: every LRS read is a coin flip, every HRS one 2 away.
  m.reference.ohm = 1000;
  double expected = 0.5 * (0.5 + 0.5 * std::erfc(2 / std::sqrt(0.71) / std::sqrt(2.0)));
  EXPECT_NEAR(analyticBitErrorRate(m, {}), expected, 1e-15);
}

TEST(Analytic, TrimmedReferenceSitsWhereTheDensitiesMeet) {
  DeviceModel m = unitModel();
  m.cell = DeviceModel::Cell::OneT1R;
  m.reference.trim = DeviceModel::Reference::Trim::Array;
  // Equal read sigmas (LRS and HRS both sqrt(0.5 + 0.04 + 0.09)): the midpoint, as fixed.
  m.lrs = {1000, 0.5, 0};
  m.hrs = {1000 * std::exp(2.0), 0.5, 0};
  Physics phys(m, {});
  EXPECT_NEAR(phys.lnReference(), std::log(1000.0) + 1, 1e-12);
  EXPECT_NEAR(analyticBitErrorRate(m, {}), tail(1 / std::sqrt(0.38)), 1e-15);
  // The trim error per array adds its variance: 0.38 + 0.1^2.
  m.reference.sigma = 0.1;
  EXPECT_NEAR(analyticBitErrorRate(m, {}), tail(1 / std::sqrt(0.39)), 1e-15);
}

TEST(Analytic, TrimmedReferenceBeatsTheGeometricMean) {
  DeviceModel m = unitModel(); // a narrow LRS and a broad HRS: the optimum moves toward the LRS
  m.cell = DeviceModel::Cell::OneT1R;
  double fixed = analyticBitErrorRate(m, {});
  m.reference.trim = DeviceModel::Reference::Trim::Array;
  Physics phys(m, {});
  EXPECT_LT(phys.lnReference(), std::log(1000.0) + 1);
  EXPECT_LT(analyticBitErrorRate(m, {}), fixed);
}

TEST(Analytic, AgeingMovesEachStateItsOwnWay) {
  DeviceModel m = unitModel();
  m.ageing.onset_cycles = 10;
  m.ageing.lrs_drift_per_decade = 0.1;
  m.ageing.hrs_drift_per_decade = 0.3;
  EXPECT_NEAR(analyticBitErrorRate(m, {10, 0, 300}), 0.02275013194817922, 1e-15); // at onset
  // 1000 cycles are 2 decades past 10: the LRS rises 0.2, the HRS falls 0.6, window 1.2.
  Physics phys(m, {1000, 0, 300});
  EXPECT_NEAR(phys.aged().ln_lrs, std::log(1000.0) + 0.2, 1e-12);
  EXPECT_NEAR(phys.aged().ln_hrs, std::log(1000.0) + 1.4, 1e-12);
  EXPECT_NEAR(analyticBitErrorRate(m, {1000, 0, 300}), tail(1.2), 1e-15);
  // 10 decades would move them 4 together: they meet where the window closes, 1:3 apart.
  Physics closed(m, {1e11, 0, 300});
  EXPECT_NEAR(closed.aged().ln_lrs, std::log(1000.0) + 0.5, 1e-12);
  EXPECT_NEAR(closed.aged().ln_hrs, std::log(1000.0) + 0.5, 1e-12);
  EXPECT_EQ(analyticBitErrorRate(m, {1e11, 0, 300}), 0.5);
}

TEST(Analytic, AgeingGrowsTheCycleToCycleSpread) {
  DeviceModel m = unitModel();
  m.ageing.onset_cycles = 10;
  m.ageing.sigma_growth_per_decade = 0.5;
  // 2 decades: c2c x 2: sL^2 = 0.09 + 0.64, sH^2 = 0.09 + 1.96, plus 0.17 of noise and offset.
  EXPECT_NEAR(analyticBitErrorRate(m, {1000, 0, 300}), tail(2 / std::sqrt(2.95)), 1e-15);
}

TEST(Analytic, EnduranceFailuresAreLogNormalInCycles) {
  DeviceModel m = unitModel();
  m.ageing.failure_cycles = 1e6;
  m.ageing.failure_sigma_decades = 0.5;
  EXPECT_EQ(enduranceFailure(m, 0), 0);
  EXPECT_NEAR(enduranceFailure(m, 1e6), 0.5, 1e-15);
  EXPECT_NEAR(enduranceFailure(m, 1e7), 1 - tail(2), 1e-15); // Phi(2)
  EXPECT_NEAR(enduranceFailure(m, 1e5), tail(2), 1e-15);
  m.ageing.failure_sigma_decades = 0; // a step
  EXPECT_EQ(enduranceFailure(m, 999999), 0);
  EXPECT_EQ(enduranceFailure(m, 1e6), 1);
}

TEST(Analytic, RetentionDriftsEachStatePerDecade) {
  DeviceModel m = unitModel();
  m.retention.lrs_drift_per_decade = 0.1;
  m.retention.hrs_drift_per_decade = 0.2;
  // 99 s after programming: log10(1 + 99) = 2 decades, LRS up 0.2, HRS down 0.4: window 1.4.
  Physics phys(m, {0, 99, 300});
  EXPECT_NEAR(phys.lnLrsAtRead(), std::log(1000.0) + 0.2, 1e-12);
  EXPECT_NEAR(phys.lnHrsAtRead(), std::log(1000.0) + 1.6, 1e-12);
  EXPECT_NEAR(analyticBitErrorRate(m, {0, 99, 300}), tail(1.4), 1e-15);
  // The states meet (1:2 of the window) and stop there.
  m.retention.lrs_drift_per_decade = 10;
  m.retention.hrs_drift_per_decade = 20;
  EXPECT_EQ(analyticBitErrorRate(m, {0, 99, 300}), 0.5);
}

TEST(Analytic, RetentionRelaxesTheTailsAndSpreads) {
  DeviceModel m = unitModel();
  m.retention.hrs_drift_per_decade = 0.2;
  m.retention.tail_relaxation = 0.5;
  m.retention.sigma_growth_per_decade = 0.1;
  // 2 decades: HRS shift 0.4, its sigma sqrt(0.58) + 0.5 x 0.4; both states spread by 0.2.
  double sh = std::sqrt(0.58) + 0.2, var = 0.25 + 0.04 + sh * sh + 0.04 + 0.17;
  EXPECT_NEAR(analyticBitErrorRate(m, {0, 99, 300}), tail(1.6 / std::sqrt(var)), 1e-15);
  // The tail relaxation is a device's drift growing with its standard score toward the other
  // state: an HRS device 1 sigma low moves 0.4 + 0.5 x 0.4 = 0.6, one 1 sigma high 0.2.
  Physics phys(m, {0, 99, 300});
  const Aged &a = phys.aged();
  double median = a.ln_hrs, sigma = a.sigma_hrs;
  EXPECT_NEAR(phys.atRead(State::Hrs, a, median - sigma, 0), median - sigma - 0.6, 1e-12);
  EXPECT_NEAR(phys.atRead(State::Hrs, a, median + sigma, 0), median + sigma - 0.2, 1e-12);
  EXPECT_NEAR(phys.atRead(State::Hrs, a, median, 1), median - 0.4 + 0.2, 1e-12); // spreading
}

TEST(Analytic, RetentionIsArrheniusAccelerated) {
  DeviceModel m = unitModel();
  m.retention.lrs_drift_per_decade = m.retention.hrs_drift_per_decade = 0.1;
  m.retention.activation_ev = 1.0;
  // exp(1 eV / k (1/300 K - 1/350 K)) = 251.12755827863936 (Python, k = 8.617333262e-5 eV/K):
  // 3.978... s at 350 K is worth 999 s at 300 K, 3 decades: window 2 - 0.6 = 1.4.
  Environment hot{0, 999 / 251.12755827863936, 350};
  EXPECT_NEAR(retentionAcceleration(m, hot), 251.12755827863936, 1e-9);
  EXPECT_NEAR(analyticBitErrorRate(m, hot), 0.08075665923377108, 1e-13);
  // Below the reference temperature the drift slows down.
  EXPECT_LT(analyticBitErrorRate(m, {0, 999, 250}), analyticBitErrorRate(m, {0, 999, 300}));
}

TEST(Analytic, ReadTemperatureMovesBothStates) {
  DeviceModel m = unitModel();
  m.temperature = {300, 0.002, 0.1};
  // At 350 K: LRS + 0.002 x 50 = +0.1; HRS + 0.1 / k (1/350 - 1/300) = -0.55260 (k as above).
  double hrs = 0.1 / 8.617333262e-5 * (1.0 / 350 - 1.0 / 300);
  EXPECT_NEAR(temperatureShift(m, true, 350), 0.1, 1e-15);
  EXPECT_NEAR(temperatureShift(m, false, 350), hrs, 1e-15);
  EXPECT_NEAR(hrs, -0.5525961010355044, 1e-12); // Python, as the comment above
  EXPECT_NEAR(analyticBitErrorRate(m, {0, 0, 350}), tail(2 - 0.1 + hrs), 1e-15);
  // Colder than the reference the window opens.
  EXPECT_LT(analyticBitErrorRate(m, {0, 0, 250}), analyticBitErrorRate(m, {}));
}

TEST(Analytic, CodesDecodeTheRawRate) {
  DeviceModel m = unitModel();
  double p = rawBitErrorRate(m, {});
  m.ecc.code = DeviceModel::Ecc::Code::Secded; // (72, 64): wrong when another of 71 cells is
  double secded = p * (1 - std::pow(1 - p, 71));
  EXPECT_NEAR(analyticBitErrorRate(m, {}), secded, 1e-15);
  m.ecc = {DeviceModel::Ecc::Code::Bch, 64, 2}; // (78, 64): at least 2 of the 77 others
  double bch = p * (1 - std::pow(1 - p, 77) - 77 * p * std::pow(1 - p, 76));
  EXPECT_NEAR(analyticBitErrorRate(m, {}), bch, 1e-14);
  EXPECT_EQ(rawBitErrorRate(m, {}), p);
}

// One read of every used cell, drawn from the programmed chip: the sensed bit flips with the
// cell's run flip, then with its read flip. Returns the number of wrong reads.
int64_t countReadErrors(const image::ChipImage &img, const VirtualChip &chip, uint64_t seed) {
  Rng rng(seed);
  int64_t errors = 0, words = img.mapping.wordsPerRow();
  auto at = [](const std::vector<ReadRisk> &list, size_t &k, int64_t r, int64_t c) {
    if (k < list.size() && list[k].row == uint64_t(r) && list[k].col == uint64_t(c))
      return list[k++].p;
    return 0.0;
  };
  for (size_t i = 0; i < img.mapping.tiles.size(); ++i) {
    const mapping::Tile &t = img.mapping.tiles[i];
    size_t k = 0, h = 0;
    for (int64_t r = 0; r < t.rows; ++r)
      for (int64_t c = 0; c < t.cols; ++c) {
        double p_run = at(chip.tiles[i].held, h, r, c), p_read = at(chip.tiles[i].risky, k, r, c);
        bool sensed = (chip.tiles[i].sensed[r * words + c / 64] >> (c % 64)) & 1;
        bool read = sensed != (rng.uniform() < p_run);
        read = read != (rng.uniform() < p_read);
        errors += read != img.mapping.cell(t, r, c);
      }
  }
  return errors;
}

// Programs 40 single-row tiles of 4096 cells (so that no two cells share a column offset: the
// cells are independent) and compares the wrong reads with the analytic rate within 4 standard
// errors of a binomial count (1T1R: one reference per tile, 40 draws; checked on trim-free
// models only).
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

// Every law at once: ageing, retention (drift, tail relaxation, spreading), temperature,
// telegraph noise and series resistance.
DeviceModel everyLaw() {
  DeviceModel m = test::stressModel();
  m.lrs.median_ohm = 500; // a wider window, so that the aged BER stays in range
  m.ageing = {10, 0.05, 0.1, 0.2, 0, 0};
  m.retention = {0.02, 0.05, 0.3, 0.03, 1, 0.5, 300};
  m.temperature = {300, 0.001, 0.05};
  m.telegraph = {0.05, 0.15};
  m.series_ohm = 300;
  return m;
}

TEST(AnalyticMonteCarlo, PairWithEveryLawMatchesCounts) {
  expectCountMatchesAnalytic(everyLaw(), {1000, 100, 350}, 12);
}

TEST(AnalyticMonteCarlo, SingleDeviceMatchesCounts) {
  DeviceModel m = test::stressModel1T1R();
  m.lrs.median_ohm = 300;
  expectCountMatchesAnalytic(m, {}, 13);
  m.reference.ohm = 1500; // off the geometric mean: the two states err differently
  expectCountMatchesAnalytic(m, {}, 14);
  m.reference = {DeviceModel::Reference::Trim::Array, 0, 0}; // at the optimum
  expectCountMatchesAnalytic(m, {}, 15);
  DeviceModel all = everyLaw();
  all.cell = DeviceModel::Cell::OneT1R;
  all.reference.trim = DeviceModel::Reference::Trim::Array;
  expectCountMatchesAnalytic(all, {1000, 100, 350}, 16);
}

TEST(AnalyticMonteCarlo, AgeingAndRetentionRaiseTheRate) {
  DeviceModel m = test::stressModel();
  m.ageing = {1e4, 0.05, 0.1, 0, 0, 0};
  m.retention = {0.01, 0.03, 0, 0, 1, 1.2, 300};
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
