// programChip: layout, determinism across thread counts, verify, faults and programming failures.
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/parallel.h"
#include "unit/device/chip_util.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

using test::randomChipImage;
using test::stressModel;

void expectChipsEqual(const VirtualChip &a, const VirtualChip &b) {
  ASSERT_EQ(a.tiles.size(), b.tiles.size());
  for (size_t i = 0; i < a.tiles.size(); ++i) {
    EXPECT_EQ(a.tiles[i].sensed, b.tiles[i].sensed) << "tile " << i;
    ASSERT_EQ(a.tiles[i].risky.size(), b.tiles[i].risky.size()) << "tile " << i;
    for (size_t k = 0; k < a.tiles[i].risky.size(); ++k) {
      EXPECT_EQ(a.tiles[i].risky[k].row, b.tiles[i].risky[k].row);
      EXPECT_EQ(a.tiles[i].risky[k].col, b.tiles[i].risky[k].col);
      EXPECT_EQ(a.tiles[i].risky[k].p, b.tiles[i].risky[k].p);
    }
  }
  EXPECT_EQ(a.static_errors, b.static_errors);
  EXPECT_EQ(a.used_cells, b.used_cells);
  EXPECT_EQ(a.programming.pulses, b.programming.pulses);
  EXPECT_EQ(a.programming.verify_reads, b.programming.verify_reads);
  EXPECT_EQ(a.programming.failed_devices, b.programming.failed_devices);
  EXPECT_EQ(a.programming.stuck_devices, b.programming.stuck_devices);
}

// A model exercising every random part: faults, failures, verify, ageing, retention.
DeviceModel everything() {
  DeviceModel m = stressModel();
  m.verify = {true, 2, 1.0};
  m.program_failure_rate = 0.01;
  m.faults = {0.01, 0.01, 0.01};
  m.ageing = {10, 0.05};
  m.retention = {0.01, 1, 1, 300};
  return m;
}

TEST(ProgramChip, SameSeedSameChipAtAnyThreadCount) {
  image::ChipImage img = randomChipImage(7, 16, 72, 13, 70, 3);
  Environment env{1e3, 1e4, 330};
  VirtualChip one = programChip(img, everything(), env, 42, 1);
  for (int threads : {2, 3}) {
    ThreadWatch watch;
    expectChipsEqual(one, programChip(img, everything(), env, 42, threads));
    EXPECT_EQ(watch.threads(), size_t(threads));
  }
  VirtualChip other = programChip(img, everything(), env, 43, 2);
  int differing = 0;
  for (size_t i = 0; i < one.tiles.size(); ++i)
    differing += one.tiles[i].sensed != other.tiles[i].sensed;
  EXPECT_GT(differing, 3) << "another seed is another chip";
}

TEST(ProgramChip, LayoutRiskListAndCounts) {
  image::ChipImage img = randomChipImage(5, 16, 72, 13, 70, 4);
  VirtualChip chip = programChip(img, everything(), {}, 5, 2);
  EXPECT_EQ(chip.used_cells, 5 * 13 * 70);
  EXPECT_EQ(chip.programming.pulses, 2 * chip.programming.verify_reads); // verify after each pair
  EXPECT_GE(chip.programming.verify_reads, chip.used_cells);
  int64_t errors = 0;
  for (size_t i = 0; i < chip.tiles.size(); ++i) {
    const mapping::Tile &t = img.mapping.tiles[i];
    const ProgrammedTile &pt = chip.tiles[i];
    ASSERT_EQ(pt.sensed.size(), t.cells.size());
    for (int64_t r = 0; r < 16; ++r)
      for (int64_t c = 0; c < 128; ++c) { // 2 words per row: 72 columns, 56 padding bits
        bool sensed = (pt.sensed[r * 2 + c / 64] >> (c % 64)) & 1;
        if (r >= t.rows || c >= t.cols)
          EXPECT_FALSE(sensed) << "unused cell " << r << "," << c << " of tile " << i;
        else
          errors += sensed != img.mapping.cell(t, r, c);
      }
    for (size_t k = 0; k < pt.risky.size(); ++k) {
      const ReadRisk &risk = pt.risky[k];
      EXPECT_LT(int64_t(risk.row), t.rows);
      EXPECT_LT(int64_t(risk.col), t.cols);
      EXPECT_GE(risk.p, 1e-12);
      EXPECT_LE(risk.p, 0.5);
      if (k > 0) {
        const ReadRisk &prev = pt.risky[k - 1];
        EXPECT_TRUE(prev.row < risk.row || (prev.row == risk.row && prev.col < risk.col));
      }
    }
  }
  EXPECT_EQ(chip.static_errors, errors);
}

TEST(ProgramChip, NoiselessDevicesReadBackExactly) {
  image::ChipImage img = randomChipImage(3, 16, 72, 16, 72, 6);
  DeviceModel m;
  m.lrs.median_ohm = 3000;
  m.hrs.median_ohm = 30000;
  VirtualChip chip = programChip(img, m, {}, 1, 1);
  for (size_t i = 0; i < chip.tiles.size(); ++i) {
    EXPECT_EQ(chip.tiles[i].sensed, img.mapping.tiles[i].cells);
    EXPECT_TRUE(chip.tiles[i].risky.empty());
  }
  EXPECT_EQ(chip.static_errors, 0);
  EXPECT_EQ(chip.programming.pulses, 2 * chip.used_cells);
  EXPECT_EQ(chip.programming.verify_reads, 0);
  // With read noise every cell has a risk, here Phi(-ln 10 / (sqrt(2) x 1)) = 0.0517.
  m.read_sigma = 1;
  chip = programChip(img, m, {}, 1, 1);
  ASSERT_EQ(int64_t(chip.tiles[0].risky.size()), 16 * 72);
  EXPECT_NEAR(chip.tiles[0].risky[0].p, 0.5 * std::erfc(std::log(10.0) / 2), 1e-15);
}

TEST(ProgramChip, VerifyReducesStaticErrorsAndAddsPulses) {
  image::ChipImage img = randomChipImage(8, 64, 128, 64, 128, 7);
  DeviceModel m = stressModel();
  m.lrs.sigma_d2d = m.hrs.sigma_d2d = 0.05; // mostly cycle-to-cycle: retries help
  VirtualChip plain = programChip(img, m, {}, 8, 2);
  m.verify = {true, 3, 0.5};
  VirtualChip verified = programChip(img, m, {}, 8, 2);
  SCOPED_TRACE("static errors " + std::to_string(plain.static_errors) + " -> " +
               std::to_string(verified.static_errors));
  EXPECT_LT(verified.static_errors * 4, plain.static_errors);
  EXPECT_GT(verified.programming.pulses, plain.programming.pulses);
  EXPECT_EQ(plain.programming.pulses, 2 * plain.used_cells);
  EXPECT_EQ(verified.programming.pulses, 2 * verified.programming.verify_reads);
  EXPECT_LE(verified.programming.verify_reads, 4 * verified.used_cells);
}

TEST(ProgramChip, DeviceToDeviceIsFixedPerChip) {
  // Without cycle-to-cycle variability a retry gives every device the same resistance again:
  // verify changes the pulse count but not one sensed bit.
  image::ChipImage img = randomChipImage(4, 64, 128, 64, 128, 9);
  DeviceModel m = stressModel();
  m.lrs.sigma_c2c = m.hrs.sigma_c2c = 0;
  VirtualChip plain = programChip(img, m, {}, 10, 1);
  m.verify = {true, 3, 0.5};
  VirtualChip verified = programChip(img, m, {}, 10, 1);
  EXPECT_GT(verified.programming.pulses, plain.programming.pulses);
  for (size_t i = 0; i < plain.tiles.size(); ++i)
    EXPECT_EQ(plain.tiles[i].sensed, verified.tiles[i].sensed);
  EXPECT_EQ(plain.static_errors, verified.static_errors);
}

// Counts within 4 standard errors of a binomial(n, q) mean.
void expectBinomial(int64_t count, double n, double q, const std::string &what) {
  EXPECT_NEAR(double(count), n * q, 4 * std::sqrt(n * q * (1 - q))) << what;
}

// Devices far apart and nearly noiseless, so that only faults and failures make errors.
DeviceModel quietModel() {
  DeviceModel m;
  m.lrs = {3000, 0.01, 0.01};
  m.hrs = {300000, 0.01, 0.01};
  return m;
}

TEST(ProgramChip, StuckAtFaultsAtTheirRates) {
  image::ChipImage img = randomChipImage(16, 64, 128, 64, 128, 11);
  const double n = 16 * 64 * 128;
  // Per cell: stuck LRS on the HRS device makes an LRS/LRS pair (a coin flip), on the LRS
  // device nothing, so P(error) = s/2; stuck HRS likewise h/2. An unformed LRS device is far
  // above the HRS one (always wrong), an unformed HRS device is harmless, two unformed ones are
  // a coin flip: P(error) = f (1 - f) + f^2 / 2.
  struct Case {
    DeviceModel::Faults faults;
    double error_rate;
  };
  const double s = 0.02, h = 0.03, f = 0.01;
  for (const Case &c :
       {Case{{s, 0, 0}, s / 2}, Case{{0, h, 0}, h / 2}, Case{{0, 0, f}, f * (1 - f) + f * f / 2}}) {
    DeviceModel m = quietModel();
    m.faults = c.faults;
    uint64_t seed = 100 + uint64_t(c.error_rate * 1e4);
    SCOPED_TRACE("seed " + std::to_string(seed));
    VirtualChip chip = programChip(img, m, {}, seed, 2);
    double rate = c.faults.stuck_lrs + c.faults.stuck_hrs + c.faults.never_formed;
    expectBinomial(chip.programming.stuck_devices, 2 * n, rate, "stuck devices");
    expectBinomial(chip.static_errors, n, c.error_rate, "static errors");
    EXPECT_EQ(chip.programming.failed_devices, 0);
  }
}

TEST(ProgramChip, ProgrammingFailuresAtTheirRate) {
  image::ChipImage img = randomChipImage(16, 64, 128, 64, 128, 12);
  const double n = 16 * 64 * 128, q = 0.01;
  DeviceModel m = quietModel();
  m.program_failure_rate = q;
  VirtualChip chip = programChip(img, m, {}, 13, 2);
  expectBinomial(chip.programming.failed_devices, 2 * n, q, "failed pulses");
  // One failed pulse leaves two devices in the same state (a coin flip), two swap the pair
  // (always wrong): P(error) = 2 q (1 - q) / 2 + q^2 = q.
  expectBinomial(chip.static_errors, n, q, "static errors");
  EXPECT_EQ(chip.programming.stuck_devices, 0);
}

TEST(ProgramChip, SenseOffsetIsSharedByAColumn) {
  // Identical noiseless devices in every cell: z0 is the column's offset alone, so each column
  // reads one value on all its rows.
  image::ChipImage img = randomChipImage(2, 64, 64, 64, 64, 14);
  DeviceModel m;
  m.lrs.median_ohm = 1000;
  m.hrs.median_ohm = 1000.0001;
  m.sense_offset_sigma = 1;
  VirtualChip chip = programChip(img, m, {}, 15, 1);
  int ones = 0;
  for (const ProgrammedTile &t : chip.tiles)
    for (int64_t c = 0; c < 64; ++c) {
      uint64_t first = (t.sensed[0] >> c) & 1;
      ones += int(first);
      for (int64_t r = 1; r < 64; ++r)
        ASSERT_EQ((t.sensed[r] >> c) & 1, first) << "column " << c;
    }
  EXPECT_GT(ones, 40); // 128 columns, about half with a positive offset
  EXPECT_LT(ones, 88);
}

} // namespace
} // namespace bnnc::device
