// The learning array's devices: a SET lands around the law's median with its spread, stuck
// devices do not follow and fail the fault test, and wear counts programmings.
#include "bnnc/learn/array.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::learn {
namespace {

image::ProgrammingLaw law() { return {1.0, 0.5, 20, 200}; }

// 64 x 64 devices SET at 50 uA (83.3 uS): ln R has mean ln 12 kOhm and sd
// sqrt(d2d^2 + c2c(50)^2 + read^2) = sqrt(0.01 + 0.04 + 0.0025) = 0.229.
TEST(LearningArray, SetLandsAroundTheLawsMedian) {
  device::DeviceModel m = device::loadDeviceModel("typical");
  m.faults = {};
  SetLaw s(m, {}, image::conditionByName("typical"), law());
  image::ArrayGeometry g{64, 64, 1};
  LearningArray array(s, g, 64, 11);
  double sum = 0, sq = 0;
  int n = 0;
  Events ev;
  std::vector<double> reads;
  for (int64_t group = 0; group < 64; ++group) {
    Rng rng(streamKey(11, {100, uint64_t(group)}));
    array.program(group, std::vector<double>(64, 1e6 / 12000), rng, ev);
    array.read(group, rng, reads, ev);
    for (double us : reads) {
      double ln_r = std::log(1e6 / us);
      sum += ln_r;
      sq += ln_r * ln_r;
      ++n;
    }
  }
  double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
  // 4096 devices: the mean within 4 standard errors (0.229 / 64 x 4), the sd within 5 %
  EXPECT_NEAR(mean, std::log(12000.0), 0.015) << "seed 11";
  EXPECT_NEAR(sd, 0.229, 0.012) << "seed 11";
  EXPECT_EQ(ev.set_pulses, 4096);
  EXPECT_EQ(ev.device_reads, 4096);
  EXPECT_EQ(ev.row_reads, 64);
  EXPECT_EQ(array.wear().max_cycles, 1);
}

// A healthy array passes; with every device stuck (half in LRS, half in HRS) every group is
// retired; when ageing has closed the window no device follows the current any more.
TEST(LearningArray, FaultTestRetiresGroupsWithStuckDevices) {
  device::DeviceModel m = device::loadDeviceModel("typical");
  m.faults = {};
  SetLaw healthy(m, {}, image::conditionByName("typical"), law());
  LearningArray good(healthy, {32, 16, 1}, 16, 5);
  Events ev;
  std::vector<bool> usable = good.faultTest(5, ev);
  EXPECT_EQ(std::count(usable.begin(), usable.end(), true), 32) << "seed 5";
  EXPECT_GE(good.wear().max_cycles, 2);
  m.faults = {0.5, 0.5, 0};
  SetLaw stuck(m, {}, image::conditionByName("typical"), law());
  LearningArray bad(stuck, {32, 16, 1}, 16, 5);
  EXPECT_EQ(bad.stuckDevices(), 32 * 16);
  usable = bad.faultTest(5, ev);
  EXPECT_EQ(std::count(usable.begin(), usable.end(), true), 0);
  m.faults = {};
  device::Environment closed;
  closed.cycles = 1e18;
  SetLaw aged(m, closed, image::conditionByName("typical"), law());
  LearningArray old(aged, {32, 16, 1}, 16, 5);
  usable = old.faultTest(5, ev);
  EXPECT_EQ(std::count(usable.begin(), usable.end(), true), 0);
}

} // namespace
} // namespace bnnc::learn
