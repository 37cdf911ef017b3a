// programChip: layout, determinism across thread counts, verify, faults and programming failures,
// 1T1R cells, codes, endurance wear, telegraph noise, fault maps and cell maps.
#include "bnnc/device/fault_map.h"
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
    for (auto list : {&ProgrammedTile::risky, &ProgrammedTile::held}) {
      ASSERT_EQ((a.tiles[i].*list).size(), (b.tiles[i].*list).size()) << "tile " << i;
      for (size_t k = 0; k < (a.tiles[i].*list).size(); ++k) {
        EXPECT_EQ((a.tiles[i].*list)[k].row, (b.tiles[i].*list)[k].row);
        EXPECT_EQ((a.tiles[i].*list)[k].col, (b.tiles[i].*list)[k].col);
        EXPECT_EQ((a.tiles[i].*list)[k].p, (b.tiles[i].*list)[k].p);
      }
    }
  }
  EXPECT_EQ(a.static_errors, b.static_errors);
  EXPECT_EQ(a.used_cells, b.used_cells);
  EXPECT_EQ(a.programming.pulses, b.programming.pulses);
  EXPECT_EQ(a.programming.verify_reads, b.programming.verify_reads);
  EXPECT_EQ(a.programming.failed_devices, b.programming.failed_devices);
  EXPECT_EQ(a.programming.stuck_devices, b.programming.stuck_devices);
  EXPECT_EQ(a.programming.worn_devices, b.programming.worn_devices);
  EXPECT_EQ(a.check_cells, b.check_cells);
}

// A model exercising every random part: faults, failures, verify, ageing, wear, retention,
// telegraph noise.
DeviceModel everything() {
  DeviceModel m = stressModel();
  m.verify = {true, 2, 1.0};
  m.program_failure_rate = 0.01;
  m.faults = {0.01, 0.01, 0.01};
  m.ageing = {10, 0.05, 0.1, 0.1, 1e4, 0.5};
  m.retention = {0.01, 0.02, 0.2, 0.01, 1, 1, 300};
  m.telegraph = {0.05, 0.1};
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
  DeviceModel coded = everything();
  coded.cell = DeviceModel::Cell::OneT1R;
  coded.reference = {DeviceModel::Reference::Trim::Array, 0, 0.1};
  coded.ecc = {DeviceModel::Ecc::Code::Bch, 32, 2};
  expectChipsEqual(programChip(img, coded, env, 42, 1), programChip(img, coded, env, 42, 3));
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
    for (const std::vector<ReadRisk> *list : {&pt.risky, &pt.held})
      for (size_t k = 0; k < list->size(); ++k) {
        const ReadRisk &risk = (*list)[k];
        EXPECT_LT(int64_t(risk.row), t.rows);
        EXPECT_LT(int64_t(risk.col), t.cols);
        EXPECT_GE(risk.p, 1e-12);
        EXPECT_LE(risk.p, 0.5);
        if (k > 0) {
          const ReadRisk &prev = (*list)[k - 1];
          EXPECT_TRUE(prev.row < risk.row || (prev.row == risk.row && prev.col < risk.col));
        }
      }
    EXPECT_FALSE(pt.held.empty()) << "telegraph noise holds some flips for a run";
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

// Noiseless devices 100x apart (z0 = ln 100 exactly, without series resistance).
DeviceModel exactModel() {
  DeviceModel m;
  m.lrs.median_ohm = 3000;
  m.hrs.median_ohm = 300000;
  return m;
}

TEST(ProgramChip, OneT1RProgramsOneDevicePerCell) {
  image::ChipImage img = randomChipImage(3, 16, 72, 16, 72, 16);
  DeviceModel m = exactModel();
  m.cell = DeviceModel::Cell::OneT1R;
  VirtualChip chip = programChip(img, m, {}, 1, 1);
  EXPECT_EQ(chip.programming.pulses, chip.used_cells);
  int64_t ones = 0;
  for (size_t i = 0; i < chip.tiles.size(); ++i) {
    EXPECT_EQ(chip.tiles[i].sensed, img.mapping.tiles[i].cells);
    for (uint64_t w : img.mapping.tiles[i].cells)
      ones += __builtin_popcountll(w);
  }
  EXPECT_EQ(chip.programming.sets, ones); // a 1 is device 0 SET to LRS, a 0 RESET to HRS
  EXPECT_EQ(chip.programming.resets, chip.used_cells - ones);
}

TEST(ProgramChip, TelegraphNoiseHoldsFlipsForARun) {
  image::ChipImage img = randomChipImage(1, 4, 8, 4, 8, 17);
  DeviceModel m = exactModel();
  m.telegraph = {0, 1}; // only the HRS device moves: z0 = ln 100 over a run's N(0, 1)
  VirtualChip chip = programChip(img, m, {}, 1, 1);
  ASSERT_EQ(chip.tiles[0].held.size(), 32u);
  EXPECT_TRUE(chip.tiles[0].risky.empty());
  double p_run = 0.5 * std::erfc(std::log(100.0) / std::sqrt(2.0));
  EXPECT_NEAR(chip.tiles[0].held[0].p, p_run, 1e-15);
  // White noise too: a read differs with Phi(-z0 / sqrt(2 r^2 + 1)); the run flip takes p_run
  // of it and the read flip the rest, p_read = (p_tot - p_run) / (1 - 2 p_run).
  m.read_sigma = 0.5;
  chip = programChip(img, m, {}, 1, 1);
  double p_tot = 0.5 * std::erfc(std::log(100.0) / std::sqrt(1.5) / std::sqrt(2.0));
  ASSERT_EQ(chip.tiles[0].risky.size(), 32u);
  EXPECT_NEAR(chip.tiles[0].held[0].p, p_run, 1e-15);
  EXPECT_NEAR(chip.tiles[0].risky[0].p, (p_tot - p_run) / (1 - 2 * p_run), 1e-15);
}

TEST(ProgramChip, SeriesResistanceCompressesTheReadNoise) {
  image::ChipImage img = randomChipImage(1, 1, 2, 1, 2, 18);
  DeviceModel m = exactModel();
  m.read_sigma = 1;
  m.series_ohm = 3000;
  VirtualChip chip = programChip(img, m, {}, 1, 1);
  // z0 = ln(303000 / 6000); the noise of each device reaches z0 through R / (R + Rs): 1/2 for
  // the LRS, 300/303 for the HRS.
  double z0 = std::log(303000.0 / 6000.0), s = std::hypot(0.5, 300.0 / 303.0);
  ASSERT_EQ(chip.tiles[0].risky.size(), 2u);
  EXPECT_NEAR(chip.tiles[0].risky[0].p, 0.5 * std::erfc(z0 / s / std::sqrt(2.0)), 1e-15);
}

TEST(ProgramChip, CodesAddCheckCellsAndCorrectSingleErrors) {
  image::ChipImage img = randomChipImage(16, 64, 128, 64, 128, 19);
  DeviceModel m = quietModel();
  m.cell = DeviceModel::Cell::OneT1R;
  m.faults.stuck_lrs = 0.01; // device 0 stuck in LRS: a stored 0 reads 1
  VirtualChip plain = programChip(img, m, {}, 20, 2);
  m.ecc.code = DeviceModel::Ecc::Code::Secded;
  VirtualChip coded = programChip(img, m, {}, 20, 2);
  EXPECT_EQ(coded.check_cells, 16 * 64 * 2 * 8); // two 64-bit words per row, 8 check bits each
  EXPECT_EQ(coded.programming.pulses, coded.used_cells + coded.check_cells);
  // A cell is wrong with 1/2 x 1 % (a stored 0 on a stuck device); after decoding a data cell
  // stays wrong when one of the 71 other cells of its word is wrong too: 0.005 (1 - 0.995^71)
  // = 0.0015, 196 of the 131072 (the words' errors are correlated: a looser tolerance).
  const double n = 16 * 64 * 128;
  SCOPED_TRACE(std::to_string(plain.static_errors) + " -> " + std::to_string(coded.static_errors));
  expectBinomial(plain.static_errors, n, 0.005, "plain errors");
  EXPECT_NEAR(double(coded.static_errors), n * 0.005 * (1 - std::pow(0.995, 71)), 60);
}

TEST(ProgramChip, EnduranceWearsDevicesIntoLrs) {
  image::ChipImage img = randomChipImage(8, 64, 128, 64, 128, 22);
  const double n = 8 * 64 * 128;
  DeviceModel m = quietModel();
  m.ageing.failure_cycles = 1e6;
  m.ageing.failure_sigma_decades = 0.5;
  // Four decades before the median: Phi(-8), none of the 131072 devices.
  EXPECT_EQ(programChip(img, m, {1e2, 0, 300}, 23, 2).programming.worn_devices, 0);
  // At the median half the devices are worn out, stuck in LRS. A cell whose HRS-bound device
  // wore out holds two LRS devices, a coin flip; its LRS-bound device wearing out changes
  // nothing: P(error) = 1/2 x 1/2.
  VirtualChip half = programChip(img, m, {1e6, 0, 300}, 23, 2);
  expectBinomial(half.programming.worn_devices, 2 * n, 0.5, "worn devices");
  EXPECT_EQ(half.programming.stuck_devices, half.programming.worn_devices);
  expectBinomial(half.static_errors, n, 0.25, "static errors");
}

// The map of test FaultMapReplacesTheRandomFaults: tile 0, row 0: device 0 of column 0 stuck in
// HRS, device 1 of column 1 never formed.
FaultMap smallMap() {
  FaultMap map;
  map.file = "faults.csv";
  map.entries = {{0, 0, 0, 0, FaultKind::StuckHrs, 2}, {0, 0, 1, 1, FaultKind::NeverFormed, 3}};
  return map;
}

bool sensedBit(const ProgrammedTile &t, int64_t words, int64_t r, int64_t c) {
  return (t.sensed[size_t(r * words + c / 64)] >> (c % 64)) & 1;
}

TEST(ProgramChip, FaultMapReplacesTheRandomFaults) {
  image::ChipImage img = randomChipImage(1, 4, 8, 4, 8, 24);
  DeviceModel m = exactModel();
  m.faults = {0.3, 0.3, 0.3}; // ignored: the map says which devices are stuck
  FaultMap map = smallMap();
  VirtualChip chip = programChip(img, m, {}, 1, 1, &map);
  EXPECT_EQ(chip.programming.stuck_devices, 2);
  const mapping::Tile &t = img.mapping.tiles[0];
  // (0, 0): device 0 stuck HRS: a stored 1 reads HRS/HRS, a tie that reads 0; a 0 is right.
  EXPECT_FALSE(sensedBit(chip.tiles[0], 1, 0, 0));
  // (0, 1): device 1 unformed, far above any HRS: reads 1 whatever is stored.
  EXPECT_TRUE(sensedBit(chip.tiles[0], 1, 0, 1));
  int64_t errors = (img.mapping.cell(t, 0, 0) ? 1 : 0) + (img.mapping.cell(t, 0, 1) ? 0 : 1);
  EXPECT_EQ(chip.static_errors, errors);
}

TEST(ProgramChip, CellMapPutsCellsOnOtherDevices) {
  image::ChipImage img = randomChipImage(1, 4, 8, 4, 8, 25);
  mapping::CellMap cells;
  cells.spare_cols = 1;
  cells.rows = {{1, 0, 2, 3}};             // logical rows 0 and 1 swap word lines
  cells.cols = {{8, 1, 2, 3, 4, 5, 6, 7}}; // logical column 0 on the spare bit line 8
  img.cell_map = cells;
  DeviceModel m = exactModel();
  FaultMap map = smallMap();
  VirtualChip chip = programChip(img, m, {}, 1, 1, &map);
  // Physical (0, 0) now holds no cell; physical (0, 1) holds logical (1, 1).
  EXPECT_EQ(chip.programming.stuck_devices, 1);
  EXPECT_TRUE(sensedBit(chip.tiles[0], 1, 1, 1));
  EXPECT_EQ(sensedBit(chip.tiles[0], 1, 0, 0), img.mapping.cell(img.mapping.tiles[0], 0, 0));
}

} // namespace
} // namespace bnnc::device
