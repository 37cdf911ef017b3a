// The comparator table derived by bisection (input_table.h) against the stage function it is
// derived from (comparatorBits): every kind of Compare, thresholds that are and are not floats
// (between two floats, beyond the float range, infinite, NaN), inputs at and next to them,
// zeros of both signs, infinities and NaN.
#include "../lib/emulator/input_table.h"
#include "../lib/emulator/kernels.h"
#include "../lib/emulator/stages.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace bnnc::emulator::detail {
namespace {

double randomThreshold(std::mt19937_64 &rng) {
  const double inf = std::numeric_limits<double>::infinity();
  const double special[] = {
      0.0, -0.0, 0.1,          -0.1,        1e300, -1e300,
      inf, -inf, std::nan(""), 1.0 + 1e-12, 1e-46, double(std::numeric_limits<float>::max())};
  if (rng() % 3 == 0)
    return special[rng() % 12];
  return std::uniform_real_distribution<double>(-3, 3)(rng);
}

// Inputs at, just below and just above each element's threshold, and a few fixed values.
float probe(std::mt19937_64 &rng, double t) {
  const float inf = std::numeric_limits<float>::infinity();
  float f = float(t);
  switch (rng() % 6) {
  case 0:
    return f;
  case 1:
    return std::nextafter(f, -inf);
  case 2:
    return std::nextafter(f, inf);
  case 3:
    return -f;
  case 4:
    return std::nanf("");
  default:
    return (rng() % 2 ? 1 : -1) * float(rng() % 3) * (rng() % 2 ? inf : 1.0f);
  }
}

TEST(EmulatorInputTable, EqualsTheStageFunction) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    ir::InputStage in;
    int64_t n = int64_t(1 + rng() % 140);
    in.shape = {n};
    for (int64_t i = 0; i < n; ++i)
      in.compare.push_back({ir::Compare::Kind(rng() % 4), randomThreshold(rng)});
    ComparatorTable table = deriveComparators(in);
    for (int round = 0; round < 20; ++round) {
      std::vector<float> x;
      for (int64_t i = 0; i < n; ++i)
        x.push_back(probe(rng, in.compare[size_t(i)].t));
      std::vector<uint64_t> want(size_t((n + 63) / 64)), got(want.size());
      comparatorBits(in, x.data(), n, want.data());
      scalarKernels().compare(x.data(), table.sign.data(), table.t.data(), table.nan.data(), n,
                              got.data());
      ASSERT_EQ(got, want) << "seed " << seed << " round " << round;
    }
  }
}

} // namespace
} // namespace bnnc::emulator::detail
