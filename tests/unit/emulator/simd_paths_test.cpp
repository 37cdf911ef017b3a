// The whole emulator on every kernel set the CPU supports, against the naive reference: random
// programs (dense, 1-D and 2-D convolutions with padding, pooling, comparator and bit-serial
// inputs), also with inputs of 9 to 16 bits (the wide bit-serial path). Sets the CPU lacks are
// skipped with a message.
#include "bnnc/emulator/reference.h"
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

#include <bit>

namespace bnnc::emulator {
namespace {

class SimdPaths : public ::testing::TestWithParam<Simd> {
protected:
  void SetUp() override {
    if (!simdSupported(GetParam()))
      GTEST_SKIP() << "this CPU does not support the " << simdName(GetParam()) << " kernels";
  }
};

std::vector<uint32_t> bits(const std::vector<float> &v) {
  std::vector<uint32_t> out;
  for (float f : v)
    out.push_back(std::bit_cast<uint32_t>(f));
  return out;
}

// Tile shapes of several words per row, partly used, and of exactly one word.
mapping::Arch archFor(uint64_t seed) {
  mapping::Arch a = test::smallArch();
  const int64_t shapes[3][3] = {{16, 24, 5}, {8, 70, 7}, {32, 128, 8}};
  const int64_t *s = shapes[seed % 3];
  a.tile_rows = s[0], a.tile_cols = s[1], a.popcount_bits = s[2];
  return a;
}

void expectReference(const ir::Program &prog, uint64_t seed, Simd simd, std::mt19937_64 &rng) {
  image::ChipImage image = test::makeImage(prog, archFor(seed));
  std::vector<float> x = test::randomInputs(prog, 5, rng);
  RunResult want = runProgramReference(prog, x, 5);
  RunOptions options;
  options.batch = int(seed % 4) + 1;
  RunResult got = test::runChip(image, x, 5, options, nullptr, simd);
  ASSERT_EQ(bits(got.outputs), bits(want.outputs)) << "seed " << seed << " " << simdName(simd);
  ASSERT_EQ(got.predictions, want.predictions) << "seed " << seed << " " << simdName(simd);
}

TEST_P(SimdPaths, MatchTheNaiveReference) {
  for (uint64_t seed = 5000; seed < 5200; ++seed) {
    std::mt19937_64 rng(seed);
    expectReference(test::randomProgram(rng), seed, GetParam(), rng);
  }
}

TEST_P(SimdPaths, WideInputsMatchTheNaiveReference) {
  int wide = 0;
  for (uint64_t seed = 6000; seed < 6300 && wide < 40; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng);
    if (prog.input.kind != ir::InputStage::Kind::BitSerial)
      continue;
    prog.input.bits = int(9 + seed % 8); // 9 to 16 bits: q no longer fits a byte
    ++wide;
    expectReference(prog, seed, GetParam(), rng);
  }
  EXPECT_EQ(wide, 40);
}

INSTANTIATE_TEST_SUITE_P(AllSets, SimdPaths,
                         ::testing::Values(Simd::Scalar, Simd::Avx2, Simd::Avx512),
                         [](const ::testing::TestParamInfo<Simd> &info) {
                           return std::string(simdName(info.param));
                         });

} // namespace
} // namespace bnnc::emulator
