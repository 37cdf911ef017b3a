// The schedule streamed from the mapping (what `bnnc compile --schedule` writes) against the
// stored schedule: the same totals and the same bytes, without holding the operations.
#include "bnnc/image/schedule.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

namespace bnnc::image {
namespace {

// A 70 x 150 layer with random weights (seed printed on failure) on 64 x 100 tiles: 2 x 2 tiles,
// partly used, 10500 cells.
mapping::Mapping randomMapping(uint32_t seed) {
  std::mt19937 rng(seed);
  ir::Program p;
  ir::Layer l;
  l.name = "fc";
  l.geom.cin = 150;
  l.geom.cout = 70;
  for (int i = 0; i < 70 * 150; ++i)
    l.weights.push_back(uint8_t(rng() & 1));
  p.layers.push_back(l);
  return mapping::mapProgram(p, mapping::Arch{"t", 64, 100, 7, 8, 100}, "m.onnx");
}

TEST(ScheduleStream, SameTotalsAndBytesAsTheStoredSchedule) {
  const uint32_t seed = 1234;
  SCOPED_TRACE("seed " + std::to_string(seed));
  mapping::Mapping m = randomMapping(seed);
  std::vector<DeviceOp> ops = buildSchedule(m);
  ASSERT_EQ(ops.size(), 21000u);
  for (const char *name : {"typical", "low-energy"}) {
    const Condition &c = conditionByName(name);
    ScheduleTotals stored = scheduleTotals(ops, c), streamed = scheduleTotals(m, c);
    EXPECT_EQ(streamed.pulses, 21000);
    EXPECT_EQ(streamed.sets, 10500);
    EXPECT_EQ(streamed.resets, 10500);
    EXPECT_EQ(streamed.energy_nj, stored.energy_nj);
    EXPECT_EQ(streamed.time_us, stored.time_us);
    std::ostringstream a, b, c1, c2;
    writeScheduleCsv(a, ops, c);
    streamScheduleCsv(b, m, c);
    EXPECT_EQ(a.str(), b.str());
    writeScheduleJson(c1, ops, c);
    streamScheduleJson(c2, m, c);
    EXPECT_EQ(c1.str(), c2.str());
  }
  // An empty mapping streams the same empty files.
  std::ostringstream e1, e2;
  writeScheduleJson(e1, std::vector<DeviceOp>{}, conditionByName("typical"));
  streamScheduleJson(e2, mapping::Mapping{}, conditionByName("typical"));
  EXPECT_EQ(e1.str(), e2.str());
}

} // namespace
} // namespace bnnc::image
