// Fault-aware mapping: the harm of stuck devices, the assignment solver, and placements that move
// the harm away (rows, columns, spare columns), with fault map files and their errors.
#include "bnnc/device/fault_aware.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "unit/device/chip_util.h"

#include "../lib/device/assignment.h" // the device library's internal header

#include <gtest/gtest.h>

namespace bnnc::device {
namespace {

FaultMap::Entry fault(int64_t tile, int64_t row, int64_t col, int device, FaultKind kind) {
  return {tile, row, col, device, kind, 1};
}

TEST(FaultAware, HarmOfStuckDevices) {
  FaultMap::Entry lrs = fault(0, 0, 0, 0, FaultKind::StuckLrs);
  FaultMap::Entry hrs = fault(0, 0, 0, 0, FaultKind::StuckHrs);
  FaultMap::Entry pristine = fault(0, 0, 0, 0, FaultKind::NeverFormed);
  // Bit 1 wants device 0 in LRS and device 1 in HRS.
  EXPECT_EQ(faultHarm(true, &lrs, nullptr), 0.0);    // agrees
  EXPECT_EQ(faultHarm(true, &hrs, nullptr), 0.5);    // HRS / HRS: a tie
  EXPECT_EQ(faultHarm(true, &pristine, nullptr), 1); // above the HRS device: reads 0
  EXPECT_EQ(faultHarm(false, nullptr, &lrs), 0.0);   // bit 0 wants device 1 in LRS
  EXPECT_EQ(faultHarm(false, nullptr, &pristine), 1.0);
  EXPECT_EQ(faultHarm(false, &pristine, nullptr), 0.0);
  EXPECT_EQ(faultHarm(true, &hrs, &lrs), 1.0); // the pair inverted
  EXPECT_EQ(faultHarm(true, &pristine, &pristine), 0.5);
}

TEST(FaultAware, AssignmentByHand) {
  // Rows 0, 1, 2 to columns 1, 0, 2: 1 + 2 + 2 = 5, the least of the six assignments.
  EXPECT_EQ(solveAssignment({{4, 1, 3}, {2, 0, 5}, {3, 2, 2}}), (std::vector<int>{1, 0, 2}));
  // More columns than rows: (0 -> 1, 1 -> 0) costs 4, every other choice more.
  EXPECT_EQ(solveAssignment({{1, 2, 3}, {2, 4, 6}}), (std::vector<int>{1, 0}));
}

TEST(FaultAware, PlacementMovesTheHarmAway) {
  image::ChipImage img = test::randomChipImage(1, 8, 8, 8, 8, 5);
  const mapping::Tile &t = img.mapping.tiles[0];
  // A device stuck in HRS under every cell of physical column 3 (device 0): harmful under each
  // bit 1 of the column placed there. With a spare column it can be left empty.
  FaultMap map;
  for (int64_t r = 0; r < 8; ++r)
    map.entries.push_back(fault(0, r, 3, 0, FaultKind::StuckHrs));
  FaultAwareReport report;
  mapping::CellMap none = faultAwareCellMap(img, map, 0, report);
  double ones = 0;
  for (int64_t r = 0; r < 8; ++r)
    ones += img.mapping.cell(t, r, 3);
  EXPECT_EQ(report.faulty_cells, 8);
  EXPECT_EQ(report.harm_identity, 0.5 * ones);
  EXPECT_LE(report.harm_mapped, report.harm_identity); // the column with the fewest ones
  report = {};
  mapping::CellMap spared = faultAwareCellMap(img, map, 1, report);
  EXPECT_EQ(report.harm_mapped, 0.0);
  EXPECT_EQ(report.spare_cols_used, 1);
  EXPECT_EQ(spared.spare_cols, 1);
  for (uint32_t c : spared.cols[0])
    EXPECT_NE(c, 3u) << "the faulty bit line holds no weight";
  EXPECT_EQ(none.rows[0].size(), 8u);
}

TEST(FaultAware, RowsGoWhereTheStuckStateAgrees) {
  // One device stuck in LRS at (row 0, col 0, device 0): harmless under a bit 1. The mapper
  // puts a row whose column 0 holds 1 there.
  image::ChipImage img = test::randomChipImage(1, 4, 4, 4, 4, 6);
  mapping::Tile &t = img.mapping.tiles[0];
  t.cells = {0b0000, 0b0000, 0b0001, 0b0000}; // only row 2 has a 1 in column 0... and only there
  FaultMap map;
  map.entries.push_back(fault(0, 0, 0, 0, FaultKind::StuckLrs));
  FaultAwareReport report;
  mapping::CellMap cells = faultAwareCellMap(img, map, 0, report);
  EXPECT_EQ(report.harm_identity, 0.5);
  EXPECT_EQ(report.harm_mapped, 0.0);
  EXPECT_EQ(cells.rows[0][2], 0u) << "row 2 sits on word line 0";
  EXPECT_EQ(report.tiles_remapped, 1);
}

std::string mapError(const std::string &csv) {
  std::string path = testing::TempDir() + "/bnnc_faults.csv";
  writeFileAtomic(path, std::vector<uint8_t>(csv.begin(), csv.end()));
  try {
    FaultMap m = readFaultMap(path);
    checkFaultMap(m, mapping::defaultArch(), 2);
  } catch (const Error &e) {
    std::string what = e.what();
    return what.substr(what.find("bnnc_faults.csv"));
  }
  return "";
}

TEST(FaultAware, FaultMapFiles) {
  std::string path = testing::TempDir() + "/bnnc_faults.csv";
  std::string csv = "tile,row,col,device,fault\n3,1,2,1,stuck_hrs\r\n0,5,129,0,never_formed\n";
  writeFileAtomic(path, std::vector<uint8_t>(csv.begin(), csv.end()));
  FaultMap m = readFaultMap(path);
  ASSERT_EQ(m.entries.size(), 2u);
  EXPECT_EQ(m.entries[0].tile, 0); // sorted
  EXPECT_EQ(m.entries[0].col, 129);
  EXPECT_EQ(m.entries[1].kind, FaultKind::StuckHrs);
  ASSERT_NE(m.find(3, 1, 2, 1), nullptr);
  EXPECT_EQ(m.find(3, 1, 2, 0), nullptr);
  EXPECT_EQ(m.tile(3).second - m.tile(3).first, 1);
  EXPECT_EQ(mapError(csv), "");
  EXPECT_EQ(mapError("tile,row,col,device,fault\n0,0,0,2,stuck_lrs\n"),
            "bnnc_faults.csv: line 2: error: device must be an integer in [0, 1], got '2'");
  EXPECT_EQ(mapError("tile,row,col,device,fault\n0,0,0.5,0,stuck_lrs\n"),
            "bnnc_faults.csv: line 2: error: col must be an integer in [0, 8191], got '0.5'");
  EXPECT_EQ(mapError("tile,row,col,device,fault\n0,0,0,0,stuck\n"),
            "bnnc_faults.csv: line 2: error: fault must be stuck_lrs, stuck_hrs or "
            "never_formed, got 'stuck'");
  EXPECT_EQ(mapError("tile,row,col,device,fault\n0,0,0,0,stuck_lrs\n0,0,0,0,stuck_hrs\n"),
            "bnnc_faults.csv: line 3: error: device 0 of tile 0, row 0, col 0 is listed twice "
            "(also on line 2)");
  EXPECT_EQ(mapError("tile,row,col,device,fault\n0,0,130,0,stuck_lrs\n"),
            "bnnc_faults.csv: line 2: error: col 130 is outside the chip (architecture "
            "'default': col < 130)");
  EXPECT_EQ(mapError("tile,row,col,device,fault\n64,0,1,0,stuck_lrs\n"),
            "bnnc_faults.csv: line 2: error: tile 64 is outside the chip (architecture "
            "'default': tile < 64)");
  EXPECT_EQ(mapError("tile,row,col,fault\n"),
            "bnnc_faults.csv: line 1: error: the header must be 'tile,row,col,device,fault', got "
            "'tile,row,col,fault'");
}

} // namespace
} // namespace bnnc::device
