// What the tests that run every kernel set share: a fixture parameterized by the set, which skips
// (with a message) the sets this CPU lacks, and its instantiation over all three.
#pragma once

#include "bnnc/emulator/emulator.h"

#include <gtest/gtest.h>

#include <string>

namespace bnnc::emulator::test {

class SupportedSimd : public ::testing::TestWithParam<Simd> {
protected:
  void SetUp() override {
    if (!simdSupported(GetParam()))
      GTEST_SKIP() << "this CPU does not support the " << simdName(GetParam()) << " kernels";
  }
};

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
