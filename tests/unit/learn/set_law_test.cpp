// The programming law with hand-computed values: the median a SET current leaves, its inverse,
// the cycle-to-cycle spread, the pulse energies, and what ageing does to the levels.
#include "bnnc/learn/set_law.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::learn {
namespace {

device::DeviceModel typical() { return device::loadDeviceModel("typical"); }
const image::Condition &condition() { return image::conditionByName("typical"); }
image::ProgrammingLaw law() { return {1.0, 0.5, 20, 200}; }

// R(I) = 3 kOhm x (200 uA / I): 200 uA -> 333.33 uS, 20 uA -> 33.33 uS, 50 uA -> 83.33 uS.
TEST(SetLaw, MedianConductanceByHand) {
  SetLaw s(typical(), {}, condition(), law());
  EXPECT_NEAR(s.nominalUs(200), 1e6 / 3000, 1e-9);
  EXPECT_NEAR(s.nominalUs(20), 1e6 / 30000, 1e-9);
  EXPECT_NEAR(s.nominalUs(50), 1e6 / 12000, 1e-9);
  EXPECT_NEAR(s.medianLnR(50), std::log(12000.0), 1e-12);
  // the inverse, and the clamp to [20, 200] uA
  EXPECT_NEAR(s.complianceUa(1e6 / 12000), 50, 1e-9);
  EXPECT_DOUBLE_EQ(s.complianceUa(1000), 200);
  EXPECT_DOUBLE_EQ(s.complianceUa(1), 20);
}

// sigma(I) = sigma_c2c (200 / I)^0.5, with the typical preset's cycle-to-cycle sigma, the
// programming law's (docs/device-model.md, section 5): sigma_L = 0.1414 at 3 kOhm, 0.7071 of it
// device-to-device, the rest cycle-to-cycle, 0.1414 sqrt(1 - 0.7071^2) = 0.09998586; twice that at
// 50 uA.
TEST(SetLaw, CycleToCycleSpreadByHand) {
  SetLaw s(typical(), {}, condition(), law());
  double c2c = 0.1414 * std::sqrt(1 - 0.7071 * 0.7071);
  EXPECT_NEAR(s.c2cSigma(200), c2c, 1e-15);
  EXPECT_NEAR(s.c2cSigma(50), 2 * c2c, 1e-15);
}

// The typical condition's pulse energies (data/conditions.json, from the programming law): SET
// 294.9 pJ x I / 200 uA; RESET 286.1 pJ x G / 333.33 uS.
TEST(SetLaw, PulseEnergiesByHand) {
  SetLaw s(typical(), {}, condition(), law());
  EXPECT_NEAR(s.setEnergyPj(100), 147.45, 1e-9);
  EXPECT_NEAR(s.resetEnergyPj(1e6 / 3000), 286.1, 1e-9);
  EXPECT_NEAR(s.resetEnergyPj(1e6 / 30000), 28.61, 1e-9);
}

// Ageing of the typical preset (docs/device-model.md, 3.1): past 1e8 cycles the LRS rises by
// 0.08 and the HRS falls by 0.25 ln units per decade. At 1e10 (2 decades) every SET level moves up
// by 0.16 and the periphery's calibrated law aims at the same conductances. At 1e20 (12 decades)
// the moves, 0.96 + 3.0, exceed the law's window at 2.5 V, W = 3.344, so both are scaled down
// until the medians meet, at ln 3000 + W x 0.08 / 0.33; no level ends above the HRS, so every
// level is that point.
TEST(SetLaw, AgeingMovesEveryLevelAndClosesWhereTheMediansMeet) {
  device::Environment aged;
  aged.cycles = 1e10;
  SetLaw s(typical(), aged, condition(), law());
  EXPECT_NEAR(s.medianLnR(200), std::log(3000.0) + 0.16, 1e-12);
  EXPECT_NEAR(s.medianLnR(20), std::log(30000.0) + 0.16, 1e-12);
  EXPECT_NEAR(s.medianLnR(s.complianceUa(100)), std::log(1e4), 1e-12); // aims at 100 uS
  device::Environment closed;
  closed.cycles = 1e20;
  SetLaw c(typical(), closed, condition(), law());
  double meet = std::log(3000.0) + 3.344 * 0.08 / 0.33;
  EXPECT_NEAR(c.medianLnR(200), meet, 1e-12);
  EXPECT_NEAR(c.medianLnR(20), meet, 1e-12);
}

} // namespace
} // namespace bnnc::learn
