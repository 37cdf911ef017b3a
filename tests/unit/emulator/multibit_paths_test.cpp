// Multi-bit programs (weight planes with offsets, codes between layers) on every kernel set the
// CPU supports, against the naive reference bit for bit: batches of 1 to 64 samples and 1 to 3
// threads (batch boundaries, blocks that end inside a sample), layers of up to 300 neurons
// (several neuron blocks), convolutions with padding and pooled codes, inputs and codes of more
// than 8 bits (the wide path), input quantizers' levels. Sets the CPU lacks are skipped with a
// message.
#include "bnnc/emulator/reference.h"
#include "unit/emulator/random_program_util.h"
#include "unit/emulator/simd_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::emulator {
namespace {

class MultiBitPaths : public test::SupportedSimd {};

// What the programs held, so that the test fails if the generator stops producing a case.
struct Coverage {
  int conv_planes = 0, offsets = 0, codes = 0, pooled_codes = 0, serial_hidden = 0;
  int neuron_blocks = 0; // layers of more than 256 neurons
  void add(const ir::Program &prog) {
    for (size_t i = 0; i < prog.layers.size(); ++i) {
      const ir::Layer &l = prog.layers[i];
      conv_planes += l.weight_bits > 1 && l.geom.positions() > 1;
      offsets += !l.weight_offset.empty();
      codes += l.output_bits > 1;
      pooled_codes += l.output_bits > 1 && l.pool.enabled;
      serial_hidden += i > 0 && l.bit_serial_input;
      neuron_blocks += l.geom.cout > 256;
    }
  }
};

void expectReference(const ir::Program &prog, uint64_t seed, Simd simd, std::mt19937_64 &rng) {
  image::ChipImage image = test::makeImage(prog, test::smallArch());
  int64_t count = 9;
  std::vector<float> x = test::randomInputs(prog, count, rng);
  RunResult want = runProgramReference(prog, x, count);
  const int batches[5] = {1, 2, 3, 7, 64};
  RunOptions options;
  options.batch = batches[seed % 5];
  options.threads = int(1 + seed % 3);
  RunResult got = test::runChip(image, x, count, options, nullptr, simd);
  std::string what = "seed " + std::to_string(seed) + " " + simdName(simd) + " batch " +
                     std::to_string(options.batch) + " threads " + std::to_string(options.threads);
  ASSERT_EQ(test::floatBits(got.outputs), test::floatBits(want.outputs)) << what;
  ASSERT_EQ(got.predictions, want.predictions) << what;
}

TEST_P(MultiBitPaths, MatchTheNaiveReference) {
  Coverage cov;
  for (uint64_t seed = 9000; seed < 9160; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, {true, seed % 2 ? 300 : 40, true});
    cov.add(prog);
    expectReference(prog, seed, GetParam(), rng);
  }
  EXPECT_GT(cov.conv_planes, 10);
  EXPECT_GT(cov.offsets, 10);
  EXPECT_GT(cov.codes, 10);
  EXPECT_GT(cov.pooled_codes, 10);
  EXPECT_GT(cov.serial_hidden, 10);
  EXPECT_GT(cov.neuron_blocks, 10);
}

TEST_P(MultiBitPaths, WideInputsMatchTheNaiveReference) {
  int wide = 0;
  for (uint64_t seed = 9500; seed < 9800 && wide < 30; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, true);
    if (prog.input.kind != ir::InputStage::Kind::BitSerial || prog.layers[0].weight_bits == 1)
      continue;
    prog.input.bits = int(9 + seed % 8); // 9 to 16 bits: q no longer fits a byte
    ++wide;
    expectReference(prog, seed, GetParam(), rng);
  }
  EXPECT_EQ(wide, 30);
}

// Random programs from `seed` to `end` with their hidden codes widened to 9 to 12 bits (the next
// layer reads them on the wide path, so they are stored as 32-bit values, pooled as such; the
// levels stay as drawn, fewer than 2^bits): the first `want` that `keep` accepts, each run against
// the reference. Returns how many ran.
template <class Keep> int runWidened(uint64_t seed, uint64_t end, int want, Simd simd, Keep keep) {
  int ran = 0;
  for (; seed < end && ran < want; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, true);
    bool widened = false;
    for (size_t i = 0; i + 1 < prog.layers.size(); ++i)
      if (prog.layers[i].output_bits > 1) {
        prog.layers[i].output_bits = int(9 + seed % 4);
        widened = true;
      }
    if (!widened || !keep(prog))
      continue;
    ++ran;
    expectReference(prog, seed, simd, rng);
  }
  return ran;
}

TEST_P(MultiBitPaths, WideCodesMatchTheNaiveReference) {
  EXPECT_EQ(runWidened(9800, 9900, 20, GetParam(), [](const ir::Program &) { return true; }), 20);
}

// 32-bit codes of one pixel whose channel count is not a multiple of 4 (1 or 2 past a quad), read
// as its row by a dense layer with weight offsets: the row is the buffer itself, and the kernels
// and the offsets' input sums read whole quads of values, so the buffer holds whole quads
// (codePixelWords). With 3-word pixels for 5 channels the sums took the next sample's first
// values (several of these ten programs gave wrong outputs) and the last sample's row read past
// the buffer (AddressSanitizer).
TEST_P(MultiBitPaths, WideCodesOfRaggedChannelsIntoOffsetsMatchTheNaiveReference) {
  auto ragged = [](const ir::Program &prog) {
    for (size_t i = 0; i + 1 < prog.layers.size(); ++i) {
      const ir::Layer &l = prog.layers[i];
      if (l.output_bits > 1 && l.outH() * l.outW() == 1 &&
          (l.geom.cout % 4 == 1 || l.geom.cout % 4 == 2) &&
          !prog.layers[i + 1].weight_offset.empty())
        return true;
    }
    return false;
  };
  EXPECT_EQ(runWidened(9800, 20000, 10, GetParam(), ragged), 10);
}

// An input quantizer's levels (InputStage::levels), one group, one per channel or one per
// element: increasing `x >= t` groups (counted by a binary search) with repeated thresholds on
// the inputs' quantization midpoints (exact ties), and groups with a `x <= t` among them
// (every comparator evaluated).
void setLevels(ir::InputStage &in, uint64_t seed, std::mt19937_64 &rng) {
  int64_t n = ir::numel(in.shape), groups[3] = {1, in.shape[0], n};
  in.level_groups = groups[seed % 3];
  in.level_count = int64_t(rng() % ((uint64_t(1) << in.bits) - 1)) + 1;
  for (int64_t g = 0; g < in.level_groups; ++g) {
    int64_t k = -1;
    for (int64_t j = 0; j < in.level_count; ++j) {
      k += int64_t(rng() % 2); // repeats now and then
      ir::Compare c{ir::Compare::Kind::Ge, double(float(in.lo + (double(k) + 0.5) * in.step()))};
      if (seed % 4 == 0 && rng() % 5 == 0)
        c.kind = ir::Compare::Kind::Le;
      in.levels.push_back(c);
    }
  }
}

TEST_P(MultiBitPaths, InputLevelsMatchTheNaiveReference) {
  int runs = 0;
  for (uint64_t seed = 9900; seed < 10000 && runs < 30; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, true);
    if (prog.input.kind != ir::InputStage::Kind::BitSerial || prog.input.bits < 2)
      continue;
    setLevels(prog.input, seed, rng);
    ++runs;
    expectReference(prog, seed, GetParam(), rng);
  }
  EXPECT_EQ(runs, 30);
}

BNNC_INSTANTIATE_ALL_SIMD(MultiBitPaths);

} // namespace
} // namespace bnnc::emulator
