// The chip emulator (packed, tiled) against runProgramReference (naive, from program weights) over
// many random programs, on several tile shapes, at several thread counts.
#include "bnnc/emulator/emulator.h"
#include "bnnc/emulator/reference.h"
#include "bnnc/mapping/mapping.h"
#include "bnnc/support/parallel.h"
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

#include <set>

namespace bnnc::emulator {
namespace {

// Tile shapes: 16 x 24 (several row and column blocks, one word per row), 8 x 70 (two words
// per row, the second partly used), 5 x 64 (exactly one word) and 16 x 130.
mapping::Arch archFor(uint64_t seed) {
  mapping::Arch a = test::smallArch();
  const int64_t shapes[4][3] = {{16, 24, 5}, {8, 70, 7}, {5, 64, 7}, {16, 130, 8}};
  const int64_t *s = shapes[seed % 4];
  a.tile_rows = s[0], a.tile_cols = s[1], a.popcount_bits = s[2];
  return a;
}

// What the random programs exercised, so that a generator change cannot silently drop a case.
struct Coverage {
  int bit_serial = 0, comparator = 0, conv1d = 0, conv2d = 0, pooled_or = 0, pooled_and = 0,
      padded = 0, strided = 0, dilated = 0, affine = 0, softmax = 0, log_softmax = 0,
      multi_row_blocks = 0, multi_col_blocks = 0;
  std::set<int> kinds;
};

void record(Coverage &cov, const ir::Program &p, const mapping::Mapping &m) {
  (p.input.kind == ir::InputStage::Kind::BitSerial ? cov.bit_serial : cov.comparator)++;
  cov.affine += p.layers.back().output == ir::Layer::Output::Affine;
  cov.softmax += p.final == ir::Program::Final::Softmax;
  cov.log_softmax += p.final == ir::Program::Final::LogSoftmax;
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const ir::Layer &l = p.layers[i];
    const ir::ConvGeometry &g = l.geom;
    cov.conv1d += g.ih == 1 && g.kw > 1;
    cov.conv2d += g.ih > 1 && g.kh > 1;
    cov.padded += g.pad_left + g.pad_right + g.pad_top + g.pad_bottom > 0;
    cov.strided += g.sh * g.sw > 1;
    cov.dilated += g.dh * g.dw > 1;
    for (uint8_t u : l.pool.use_or)
      (u ? cov.pooled_or : cov.pooled_and) += l.pool.enabled;
    for (const ir::Compare &c : l.threshold)
      cov.kinds.insert(int(c.kind));
    cov.multi_row_blocks += m.layers[i].row_blocks > 1;
    cov.multi_col_blocks += m.layers[i].col_blocks > 1;
  }
}

TEST(EmulatorRandom, MatchesTheNaiveReferenceBitForBit) {
  Coverage cov;
  std::set<int64_t> predictions;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng);
    image::ChipImage image = test::makeImage(prog, archFor(seed));
    record(cov, prog, image.mapping);
    int64_t count = 4;
    std::vector<float> x = test::randomInputs(prog, count, rng);
    RunResult want = runProgramReference(prog, x, count);
    RunResult got = test::runChip(image, x, count, RunOptions{1});
    ASSERT_EQ(got.samples, count) << "seed " << seed;
    ASSERT_EQ(got.classes, want.classes) << "seed " << seed;
    ASSERT_EQ(test::floatBits(got.outputs), test::floatBits(want.outputs)) << "seed " << seed;
    ASSERT_EQ(got.predictions, want.predictions) << "seed " << seed;
    predictions.insert(want.predictions.begin(), want.predictions.end());
  }
  for (int n : {cov.bit_serial, cov.comparator, cov.conv1d, cov.conv2d, cov.pooled_or,
                cov.pooled_and, cov.padded, cov.strided, cov.dilated, cov.affine, cov.softmax,
                cov.log_softmax, cov.multi_row_blocks, cov.multi_col_blocks})
    EXPECT_GT(n, 10);
  EXPECT_EQ(cov.kinds.size(), 4u);
  EXPECT_GT(predictions.size(), 10u);
}

// Multi-bit weights and activations (weight planes, offsets, codes): the same reference, bit for
// bit.
TEST(EmulatorRandom, MultiBitMatchesTheNaiveReferenceBitForBit) {
  int weight_planes = 0, offsets = 0, codes = 0, serial_hidden = 0, pooled_codes = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, true);
    image::ChipImage image = test::makeImage(prog, archFor(seed));
    for (size_t i = 0; i < prog.layers.size(); ++i) {
      const ir::Layer &l = prog.layers[i];
      weight_planes += l.weight_bits > 1;
      offsets += !l.weight_offset.empty();
      codes += l.output_bits > 1;
      serial_hidden += i > 0 && l.bit_serial_input;
      pooled_codes += l.output_bits > 1 && l.pool.enabled;
    }
    int64_t count = 4;
    std::vector<float> x = test::randomInputs(prog, count, rng);
    RunResult want = runProgramReference(prog, x, count);
    RunResult got = test::runChip(image, x, count, RunOptions{1});
    ASSERT_EQ(test::floatBits(got.outputs), test::floatBits(want.outputs)) << "seed " << seed;
    ASSERT_EQ(got.predictions, want.predictions) << "seed " << seed;
  }
  for (int n : {weight_planes, offsets, codes, serial_hidden, pooled_codes})
    EXPECT_GT(n, 10);
}

TEST(EmulatorRandom, ResultsDoNotDependOnTheThreadCount) {
  for (uint64_t seed = 1000; seed < 1020; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 2);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    int64_t count = 37;
    std::vector<float> x = test::randomInputs(prog, count, rng);
    RunResult one = test::runChip(image, x, count, RunOptions{1});
    for (int threads : {2, 3, 8, 64}) {
      ThreadWatch watch;
      RunResult many = test::runChip(image, x, count, RunOptions{threads});
      // at least that many: the inputs' encoding and the run each start their threads
      ASSERT_GE(watch.threads(), size_t(std::min<int64_t>(threads, count)))
          << "threads " << threads;
      ASSERT_EQ(test::floatBits(many.outputs), test::floatBits(one.outputs))
          << "seed " << seed << " threads " << threads;
      ASSERT_EQ(many.predictions, one.predictions) << "seed " << seed << " threads " << threads;
    }
  }
}

TEST(EmulatorRandom, ReadsWeightsFromTheTileCellsOnly) {
  int changed = 0;
  for (uint64_t seed = 2000; seed < 2080; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 2);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    std::vector<float> x = test::randomInputs(prog, 3, rng);
    RunResult before = runProgramReference(prog, x, 3);
    // Flip one stored cell of every layer (as a device error would) and clear the program's
    // copy of the weights: the chip must follow the cells.
    for (size_t i = 0; i < prog.layers.size(); ++i) {
      const mapping::LayerPlacement &place = image.mapping.layers[i];
      int64_t t = place.first_tile + int64_t(rng() % uint64_t(place.row_blocks * place.col_blocks));
      mapping::Tile &tile = image.mapping.tiles[size_t(t)];
      int64_t r = int64_t(rng() % uint64_t(tile.rows)), c = int64_t(rng() % uint64_t(tile.cols));
      tile.cells[size_t(r * image.mapping.wordsPerRow() + c / 64)] ^= uint64_t(1) << (c % 64);
      prog.layers[i]
          .weights[size_t((tile.row0 + r) * prog.layers[i].geom.fanIn() + tile.col0 + c)] ^= 1;
      std::fill(image.program.layers[i].weights.begin(), image.program.layers[i].weights.end(), 0);
    }
    RunResult want = runProgramReference(prog, x, 3);
    RunResult got = test::runChip(image, x, 3, RunOptions{1});
    ASSERT_EQ(test::floatBits(got.outputs), test::floatBits(want.outputs)) << "seed " << seed;
    changed += test::floatBits(got.outputs) != test::floatBits(before.outputs);
  }
  EXPECT_GT(changed, 10); // the flipped cells do matter
}

TEST(EmulatorRandom, RunsImagesReadBackFromBytes) {
  // The path of `bnnc run`: the image is written, read back (weights refilled from the tiles)
  // and run; it must still match the reference on the original program.
  for (uint64_t seed = 3000; seed < 3060; ++seed) {
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 2);
    image::ChipImage image = test::makeImage(prog, archFor(seed));
    image.condition = image::conditionByName("typical");
    image::ChipImage read = image::readImage(image::writeImage(image), "random.bnn");
    std::vector<float> x = test::randomInputs(prog, 3, rng);
    RunResult want = runProgramReference(prog, x, 3);
    RunResult got = test::runChip(read, x, 3, RunOptions{2});
    ASSERT_EQ(test::floatBits(got.outputs), test::floatBits(want.outputs)) << "seed " << seed;
    ASSERT_EQ(got.predictions, want.predictions) << "seed " << seed;
  }
}

} // namespace
} // namespace bnnc::emulator
