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

// sigma(I) = 0.1 (200 / I)^0.5: 0.1 at 200 uA, 0.2 at 50 uA.
TEST(SetLaw, CycleToCycleSpreadByHand) {
  SetLaw s(typical(), {}, condition(), law());
  EXPECT_NEAR(s.c2cSigma(200), 0.1, 1e-15);
  EXPECT_NEAR(s.c2cSigma(50), 0.2, 1e-15);
}

// SET: 300 pJ x I / 200 uA; RESET: 300 pJ x G / 333.33 uS.
TEST(SetLaw, PulseEnergiesByHand) {
  SetLaw s(typical(), {}, condition(), law());
  EXPECT_NEAR(s.setEnergyPj(100), 150, 1e-9);
  EXPECT_NEAR(s.resetEnergyPj(1e6 / 3000), 300, 1e-9);
  EXPECT_NEAR(s.resetEnergyPj(1e6 / 30000), 30, 1e-9);
}

// Ageing of the typical preset: 10 % of the window ln(85000 / 3000) = 3.344 per decade past
// 1e8 cycles. At 1e10 the window has lost 20 %: every SET level moves up by 0.1 x 3.344 = 0.334
// in ln R; the periphery's calibrated law aims at the same conductances; at 1e18 the window is
// closed and every level is the midpoint sqrt(3000 x 85000).
TEST(SetLaw, AgeingMovesEveryLevelAndClosesAtTheMidpoint) {
  device::Environment aged;
  aged.cycles = 1e10;
  SetLaw s(typical(), aged, condition(), law());
  double shift = 0.1 * std::log(85000.0 / 3000);
  EXPECT_NEAR(s.medianLnR(200), std::log(3000.0) + shift, 1e-12);
  EXPECT_NEAR(s.medianLnR(s.complianceUa(100)), std::log(1e4), 1e-12); // aims at 100 uS
  device::Environment closed;
  closed.cycles = 1e18;
  SetLaw c(typical(), closed, condition(), law());
  double mid = 0.5 * std::log(3000.0 * 85000);
  EXPECT_NEAR(c.medianLnR(200), mid, 1e-12);
  EXPECT_NEAR(c.medianLnR(20), mid, 1e-12);
}

} // namespace
} // namespace bnnc::learn
