// The programming schedule: order, device convention, totals, CSV and JSON.
#include "bnnc/image/schedule.h"
#include "unit/image/image_test_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace bnnc::image {
namespace {

using test::smallScheduleMapping;

TEST(Schedule, OrderAndDeviceConvention) {
  std::vector<DeviceOp> ops = buildSchedule(smallScheduleMapping());
  ASSERT_EQ(ops.size(), 24u);
  // Tile 0 row 0: weights 1 0 1. A +1 cell RESETs BLb (1) then SETs BL (0); -1 the opposite.
  const std::vector<DeviceOp> first = {{0, 0, 0, 1, false},
                                       {0, 0, 0, 0, true},
                                       {0, 0, 1, 0, false},
                                       {0, 0, 1, 1, true},
                                       {0, 0, 2, 1, false},
                                       {0, 0, 2, 0, true},
                                       // row 1: weights 0 0 1
                                       {0, 1, 0, 0, false},
                                       {0, 1, 0, 1, true},
                                       {0, 1, 1, 0, false},
                                       {0, 1, 1, 1, true},
                                       {0, 1, 2, 1, false},
                                       {0, 1, 2, 0, true},
                                       // tile 1 (column 3): rows 0 and 1 hold weights 1 and 0
                                       {1, 0, 0, 1, false},
                                       {1, 0, 0, 0, true},
                                       {1, 1, 0, 0, false},
                                       {1, 1, 0, 1, true}};
  EXPECT_EQ(std::vector<DeviceOp>(ops.begin(), ops.begin() + 16), first);
  // Tile 3: one cell, neuron 2 input 3 = +1.
  EXPECT_EQ(ops[22], (DeviceOp{3, 0, 0, 1, false}));
  EXPECT_EQ(ops[23], (DeviceOp{3, 0, 0, 0, true}));
}

TEST(Schedule, Totals) {
  std::vector<DeviceOp> ops = buildSchedule(smallScheduleMapping());
  // typical: 12 SETs of 294.9 pJ and 12 RESETs of 286.1 pJ = 6972 pJ; 24 pulses of 1 us.
  ScheduleTotals t = scheduleTotals(ops, conditionByName("typical"));
  EXPECT_EQ(t.pulses, 24);
  EXPECT_EQ(t.sets, 12);
  EXPECT_EQ(t.resets, 12);
  EXPECT_DOUBLE_EQ(t.energy_nj, 6.972);
  EXPECT_DOUBLE_EQ(t.time_us, 24);
  // low-energy: 12 x 24.9 + 12 x 24.0 pJ = 0.5868 nJ; 24 x 0.1 us = 2.4 us.
  t = scheduleTotals(ops, conditionByName("low-energy"));
  EXPECT_DOUBLE_EQ(t.energy_nj, 0.5868);
  EXPECT_DOUBLE_EQ(t.time_us, 2.4);
  // Distinct SET and RESET energies: (12 x 100 + 12 x 50) / 1000 = 1.8 nJ.
  Condition c = conditionByName("typical");
  c.set_energy_pj = 100;
  c.reset_energy_pj = 50;
  EXPECT_DOUBLE_EQ(scheduleTotals(ops, c).energy_nj, 1.8);
}

// A 300 x 200 layer on the default 128 x 128 tiles: 60000 cells, 120000 pulses; typical
// conditions: 60000 x (294.9 + 286.1) pJ = 34860 nJ, 120000 x 1 us = 0.12 s.
TEST(Schedule, FullLayerTotals) {
  ir::Program p;
  ir::Layer l;
  l.geom.cin = 200;
  l.geom.cout = 300;
  l.weights.assign(60000, 1);
  p.layers.push_back(l);
  std::vector<DeviceOp> ops =
      buildSchedule(mapping::mapProgram(p, mapping::defaultArch(), "m.onnx"));
  ScheduleTotals t = scheduleTotals(ops, conditionByName("typical"));
  EXPECT_EQ(t.pulses, 120000);
  EXPECT_EQ(t.sets, 60000);
  EXPECT_DOUBLE_EQ(t.energy_nj, 34860);
  EXPECT_DOUBLE_EQ(t.time_us, 120000);
}

TEST(Schedule, CsvFirstLines) {
  std::ostringstream out;
  writeScheduleCsv(out, buildSchedule(smallScheduleMapping()), conditionByName("typical"));
  std::string csv = out.str();
  EXPECT_EQ(csv.substr(0, csv.find("4,0,0,2")),
            "index,tile,row,col,device,op,voltage_v,compliance_ua,pulse_ns,energy_pj\n"
            "0,0,0,0,1,RESET,2.5,,1000,286.1\n"
            "1,0,0,0,0,SET,1.5,200,1000,294.9\n"
            "2,0,0,1,0,RESET,2.5,,1000,286.1\n"
            "3,0,0,1,1,SET,1.5,200,1000,294.9\n");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 25);
  EXPECT_NE(csv.find("\n23,3,0,0,0,SET,1.5,200,1000,294.9\n"), std::string::npos);
  std::ostringstream low;
  writeScheduleCsv(low, buildSchedule(smallScheduleMapping()), conditionByName("low-energy"));
  EXPECT_NE(low.str().find("\n0,0,0,0,1,RESET,2,,100,24\n1,0,0,0,0,SET,1.5,200,100,24.9\n"),
            std::string::npos);
}

TEST(Schedule, Json) {
  std::ostringstream out;
  std::vector<DeviceOp> ops = buildSchedule(smallScheduleMapping());
  writeScheduleJson(out, ops, conditionByName("endurance"));
  auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc.at("condition").at("name"), "endurance");
  EXPECT_EQ(doc.at("condition").at("reset_voltage_v"), 1.5);
  EXPECT_EQ(doc.at("condition").at("endurance_cycles"), 1e10);
  EXPECT_EQ(doc.at("totals").at("pulses"), 24);
  EXPECT_DOUBLE_EQ(doc.at("totals").at("energy_nj").get<double>(), 5.8896); // 12 x (294.9 + 195.9)
  ASSERT_EQ(doc.at("operations").size(), 24u);
  EXPECT_EQ(doc.at("operations")[0], nlohmann::json::parse(R"([0, 0, 0, 1, "RESET"])"));
  EXPECT_EQ(doc.at("operations")[23], nlohmann::json::parse(R"([3, 0, 0, 0, "SET"])"));
  EXPECT_NE(out.str().find("\"operations\": [\n    [0,0,0,1,\"RESET\"],\n    [0,0,0,0,\"SET\"],"),
            std::string::npos);
  std::ostringstream empty;
  writeScheduleJson(empty, {}, conditionByName("endurance"));
  auto none = nlohmann::json::parse(empty.str());
  EXPECT_EQ(none.at("operations"), nlohmann::json::array());
  EXPECT_EQ(none.at("totals").at("pulses"), 0);
}

} // namespace
} // namespace bnnc::image
