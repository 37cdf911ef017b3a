// What the tests that run every kernel set share: a fixture parameterized by the set, which skips
// (with a message) the sets this CPU lacks, its instantiation over all three, and float outputs
// compared by their bits.
#pragma once

#include "bnnc/emulator/emulator.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::emulator::test {

class SupportedSimd : public ::testing::TestWithParam<Simd> {
protected:
  void SetUp() override {
    if (!simdSupported(GetParam()))
      GTEST_SKIP() << "this CPU does not support the " << simdName(GetParam()) << " kernels";
  }
};

inline std::vector<uint32_t> floatBits(const std::vector<float> &v) {
  std::vector<uint32_t> out;
  for (float f : v)
    out.push_back(std::bit_cast<uint32_t>(f));
  return out;
}

inline std::string simdParamName(const ::testing::TestParamInfo<Simd> &info) {
  return simdName(info.param);
}

} // namespace bnnc::emulator::test

// Instantiates the parameterized suite `suite` (a SupportedSimd) over the scalar, AVX2 and
// AVX-512 sets.
#define BNNC_INSTANTIATE_ALL_SIMD(suite)                                                           \
  INSTANTIATE_TEST_SUITE_P(AllSets, suite,                                                         \
                           ::testing::Values(Simd::Scalar, Simd::Avx2, Simd::Avx512),              \
                           ::bnnc::emulator::test::simdParamName)
