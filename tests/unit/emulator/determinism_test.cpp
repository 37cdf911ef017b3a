// Read noise and determinism on random virtual chips (static errors, risky cells with p in
// (0, 1), certain and impossible flips): the same seed gives the same outputs and read counts at
// any thread count, batch size and kernel set; a cell that flips at almost every read (p = 1 -
// 2^-40) gives what the same cell flipping at every read (p = 1) gives, so the skip sampler's
// corrections match the static path on dense, convolution and bit-serial layers alike.
#include "bnnc/device/virtual_chip.h"
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::emulator {
namespace {

// A chip of `image` with static errors (1 in 30 cells) and risky cells (1 in 6) whose p comes
// from `risks`, cycled.
device::VirtualChip randomChip(const image::ChipImage &image, std::mt19937_64 &rng,
                               const std::vector<double> &risks) {
  device::VirtualChip chip;
  const mapping::Mapping &m = image.mapping;
  size_t next = 0;
  for (const mapping::Tile &t : m.tiles) {
    device::ProgrammedTile pt{t.cells, {}, {}};
    for (int64_t r = 0; r < t.rows; ++r)
      for (int64_t c = 0; c < t.cols; ++c) {
        if (rng() % 30 == 0)
          pt.sensed[size_t(r * m.wordsPerRow() + c / 64)] ^= uint64_t(1) << (c % 64);
        if (rng() % 6 == 0)
          pt.risky.push_back({uint32_t(r), uint32_t(c), risks[next++ % risks.size()]});
      }
    chip.tiles.push_back(std::move(pt));
  }
  return chip;
}

void expectSame(const RunResult &a, const RunResult &b, const std::string &what) {
  ASSERT_EQ(a.outputs, b.outputs) << what;
  ASSERT_EQ(a.predictions, b.predictions) << what;
  for (size_t l = 0; l < a.reads.size(); ++l) {
    EXPECT_EQ(a.reads[l].cell_reads, b.reads[l].cell_reads) << what << " layer " << l;
    EXPECT_EQ(a.reads[l].wrong_reads, b.reads[l].wrong_reads) << what << " layer " << l;
    EXPECT_EQ(a.reads[l].read_flips, b.reads[l].read_flips) << what << " layer " << l;
  }
}

TEST(EmulatorDeterminism, SameSeedSameResultAtAnyThreadsBatchAndKernels) {
  int64_t flips = 0;
  for (uint64_t seed = 7000; seed < 7060; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 3 == 0);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    device::VirtualChip chip = randomChip(image, rng, {0.3, 1e-3, 0.0, 1.0, 0.05, 0.9});
    std::vector<float> x = test::randomInputs(prog, 23, rng);
    RunOptions base;
    base.seed = seed, base.chip_index = 3, base.batch = 1;
    RunResult want = test::runChip(image, x, 23, base, &chip, Simd::Scalar);
    for (const ReadCounts &r : want.reads)
      flips += r.read_flips;
    for (Simd simd : {Simd::Scalar, Simd::Avx2, Simd::Avx512}) {
      if (!simdSupported(simd))
        continue;
      for (auto [threads, batch] : {std::pair{1, 64}, {2, 3}, {3, 7}, {4, 0}}) {
        RunOptions o = base;
        o.threads = threads, o.batch = batch;
        expectSame(test::runChip(image, x, 23, o, &chip, simd), want,
                   "seed " + std::to_string(seed) + " " + simdName(simd) + " threads " +
                       std::to_string(threads) + " batch " + std::to_string(batch));
      }
    }
  }
  EXPECT_GT(flips, 1000); // the chips' reads do flip
}

TEST(EmulatorDeterminism, AlmostCertainFlipsEqualCertainFlips) {
  const double almost = 1 - std::ldexp(1.0, -40);
  for (uint64_t seed = 8000; seed < 8090; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 3 == 0);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    std::mt19937_64 chip_rng(seed);
    device::VirtualChip certain = randomChip(image, chip_rng, {1.0, 0.0});
    device::VirtualChip noisy = certain;
    for (device::ProgrammedTile &t : noisy.tiles)
      for (device::ReadRisk &r : t.risky)
        r.p = r.p == 1.0 ? almost : 0.0;
    // 48 samples in one batch: a convolution's rows then span several blocks, whose flips must
    // be sorted by batch row (each sample draws them by noisy row, then by read).
    std::vector<float> x = test::randomInputs(prog, 48, rng);
    for (auto [samples, batch] : {std::pair{6, 0}, {48, 48}}) {
      RunOptions o;
      o.seed = seed, o.threads = 2, o.batch = batch;
      expectSame(test::runChip(image, x, samples, o, &noisy),
                 test::runChip(image, x, samples, o, &certain),
                 "seed " + std::to_string(seed) + " batch " + std::to_string(batch));
    }
  }
}

} // namespace
} // namespace bnnc::emulator
