// The whole emulator on every kernel set the CPU supports, against the naive reference: random
// programs (dense, 1-D and 2-D convolutions with padding, pooling, comparator and bit-serial
// inputs), also with inputs of 9 to 16 bits (the wide bit-serial path). Sets the CPU lacks are
// skipped with a message.
#include "bnnc/emulator/reference.h"
#include "unit/emulator/random_program_util.h"
#include "unit/emulator/simd_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::emulator {
namespace {

class SimdPaths : public test::SupportedSimd {};

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
  ASSERT_EQ(test::floatBits(got.outputs), test::floatBits(want.outputs))
      << "seed " << seed << " " << simdName(simd);
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

BNNC_INSTANTIATE_ALL_SIMD(SimdPaths);

} // namespace
} // namespace bnnc::emulator
