// The emulator on virtual chips built by hand: sensed words with static errors, risky cells with p
// = 0 and p = 1 (exactly predictable outputs and read counts), a row of risky cells with 0 < p < 1
// (the distribution of the number of flips), held (telegraph) flips that last a whole run, and
// thread-count independence.
#include "bnnc/device/virtual_chip.h"
#include "bnnc/emulator/emulator.h"
#include "bnnc/support/parallel.h"
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::emulator {
namespace {

using Kind = ir::Compare::Kind;

// A virtual chip that senses every cell as stored and has no risky cells.
device::VirtualChip exactChip(const image::ChipImage &image) {
  device::VirtualChip chip;
  for (const mapping::Tile &t : image.mapping.tiles)
    chip.tiles.push_back({t.cells, {}, {}});
  return chip;
}

// Dense 4 -> 2 with affine scores = dot, one 2 x 4 tile, comparator inputs x >= 0.
// Stored weights: neuron 0 = [+1 +1 +1 +1] (row word 0b1111), neuron 1 = [+1 -1 +1 -1] (0b0101).
image::ChipImage dense4x2() {
  ir::Program p;
  p.input.shape = {4};
  p.input.compare.assign(4, ir::Compare{Kind::Ge, 0});
  ir::Layer l;
  l.name = "fc";
  l.geom.cin = 4, l.geom.cout = 2;
  l.weights = {1, 1, 1, 1, 1, 0, 1, 0};
  l.output = ir::Layer::Output::Affine;
  l.scale = {1, 1}, l.offset = {0, 0};
  p.layers.push_back(l);
  p.output_shape = {2};
  mapping::Arch arch = test::smallArch();
  arch.tile_rows = 2, arch.tile_cols = 4, arch.popcount_bits = 3;
  return test::makeImage(p, arch);
}

TEST(EmulatorVirtualChip, IdealChipCountsCellReadsOnly) {
  image::ChipImage image = dense4x2();
  RunResult r = test::runChip(image, {1, 1, 1, 1, -1, -1, -1, -1}, 2, RunOptions{});
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{4, 0, -4, 0}));
  ASSERT_EQ(r.reads.size(), 1u);
  EXPECT_EQ(r.reads[0].cell_reads, 16); // 2 samples x 2 rows x 4 used cells
  EXPECT_EQ(r.reads[0].wrong_reads, 0);
  EXPECT_EQ(r.reads[0].read_flips, 0);
}

// Sensed: row 0 = 0b1110 (column 0 statically wrong), row 1 = 0b0100 (column 0 wrong).
// Risky: (0, 1) p = 1 flips a right cell; (0, 2) p = 0 never flips; (1, 0) p = 1 flips the wrong
// cell back; (1, 3) p = 1 flips a right cell. Every read then gives row 0 = 0b1100 and
// row 1 = 0b1101.
//   x = [+1 +1 +1 +1]: dot0 = 2 matches - 2 = 0, dot1 = 3 - 1 = 2
//   x = [-1 -1 -1 -1]: dot0 = 2 - 2 = 0,         dot1 = 1 - 3 = -2
// Per sample: 8 cell reads, 3 flips, wrong = 2 static + 1 - 1 + 1 = 3.
TEST(EmulatorVirtualChip, CertainAndImpossibleFlipsAreExact) {
  image::ChipImage image = dense4x2();
  device::VirtualChip chip;
  chip.tiles.push_back(
      {{0b1110, 0b0100}, {{0, 1, 1.0}, {0, 2, 0.0}, {1, 0, 1.0}, {1, 3, 1.0}}, {}});
  std::vector<float> x = {1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1};
  RunResult r = test::runChip(image, x, 3, RunOptions{}, &chip);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{0, 2, 0, -2, 0, 2}));
  EXPECT_EQ(test::plain(r.predictions), (std::vector<int64_t>{1, 0, 1}));
  ASSERT_EQ(r.reads.size(), 1u);
  EXPECT_EQ(r.reads[0].cell_reads, 24);
  EXPECT_EQ(r.reads[0].wrong_reads, 9);
  EXPECT_EQ(r.reads[0].read_flips, 9);
}

// Binary layers: the certain cells of CertainAndImpossibleFlipsAreExact as held flips of p = 1
// instead (flipped in every run, drawn by the sampler rather than inverted in the weights) give
// the same outputs and counts; a held and a read flip of p = 1 on the same cell cancel.
TEST(EmulatorVirtualChip, CertainHeldFlipsOnBinaryLayers) {
  image::ChipImage image = dense4x2();
  device::VirtualChip chip;
  chip.tiles.push_back({{0b1110, 0b0100}, {{0, 2, 0.0}}, {{0, 1, 1.0}, {1, 0, 1.0}, {1, 3, 1.0}}});
  std::vector<float> x = {1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1};
  RunResult r = test::runChip(image, x, 3, RunOptions{}, &chip);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{0, 2, 0, -2, 0, 2}));
  EXPECT_EQ(r.reads[0].wrong_reads, 9);
  EXPECT_EQ(r.reads[0].read_flips, 9);
  // Held and read flips of (0, 1) and (1, 3) cancel: the rows read as sensed but for (1, 0),
  // row 0 = 0b1110 and row 1 = 0b0101 (the stored row): dot0 = 3 - 1 = 2, dot1 = 2 - 2 = 0.
  chip.tiles[0].risky = {{0, 1, 1.0}, {1, 3, 1.0}};
  r = test::runChip(image, {1, 1, 1, 1}, 1, RunOptions{}, &chip);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{2, 0}));
  EXPECT_EQ(r.reads[0].read_flips, 5);
  EXPECT_EQ(r.reads[0].wrong_reads, 1); // (0, 0), statically wrong
}

// A bit-serial dense layer of 3 inputs (2 bits, lo = -1, hi = 2, step 1) and 2 affine neurons on
// one 2 x 3 tile: stored w0 = [+1 -1 +1], w1 = [-1 -1 -1], scores 2 * pre + 0.5. Rows 0 and 1 are
// each read once per plane.
image::ChipImage bitSerial3x2() {
  ir::Program p;
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.shape = {3};
  p.input.bits = 2, p.input.lo = -1, p.input.hi = 2;
  ir::Layer l;
  l.geom.cin = 3, l.geom.cout = 2;
  l.bit_serial_input = true;
  l.weights = {1, 0, 1, 0, 0, 0};
  l.output = ir::Layer::Output::Affine;
  l.scale = {2, 2}, l.offset = {0.5, 0.5};
  p.layers.push_back(l);
  p.output_shape = {2};
  mapping::Arch arch = test::smallArch();
  arch.tile_rows = 2, arch.tile_cols = 3, arch.popcount_bits = 2;
  return test::makeImage(p, arch);
}

// Bit-serial dense layer (bits 2, lo = -1, hi = 2, step 1): x = [-1, 0.5, 2.6] -> q = [0, 2, 3].
// Stored w0 = [+1 -1 +1], w1 = [-1 -1 -1]; a risky cell (0, 1) with p = 1 makes every read of
// row 0 give w0 = [+1 +1 +1]: A = 3, S = 0 + 2 + 3 = 5, pre = -1 * 3 + 1 * 5 = 2, score
// 2 * 2 + 0.5 = 4.5; neuron 1: A = -3, S = -5, pre = -2, score -3.5. Each row is read once per
// plane: 2 planes x 2 rows x 3 cells = 12 cell reads, 2 flips (row 0 twice).
TEST(EmulatorVirtualChip, BitSerialRowsAreReadOncePerPlane) {
  image::ChipImage image = bitSerial3x2();
  device::VirtualChip chip = exactChip(image);
  chip.tiles[0].risky = {{0, 1, 1.0}};
  RunResult r = test::runChip(image, {-1, 0.5f, 2.6f}, 1, RunOptions{}, &chip);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{4.5f, -3.5f}));
  EXPECT_EQ(r.reads[0].cell_reads, 12);
  EXPECT_EQ(r.reads[0].read_flips, 2);
  EXPECT_EQ(r.reads[0].wrong_reads, 2);
}

// A held flip of p = 1 flips every read of the run, like a risky p = 1: the outputs of
// BitSerialRowsAreReadOncePerPlane, both reads of row 0 flipped.
TEST(EmulatorVirtualChip, CertainHeldFlipsFlipEveryRead) {
  image::ChipImage image = bitSerial3x2();
  device::VirtualChip chip = exactChip(image);
  chip.tiles[0].held = {{0, 1, 1.0}};
  RunResult r = test::runChip(image, {-1, 0.5f, 2.6f, -1, 0.5f, 2.6f}, 2, RunOptions{}, &chip);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{4.5f, -3.5f, 4.5f, -3.5f}));
  EXPECT_EQ(r.reads[0].read_flips, 4);
  EXPECT_EQ(r.reads[0].wrong_reads, 4);
  // Held and read flips of the same cell cancel: the read sees the stored bit again, and the
  // wrong reads count it right.
  chip.tiles[0].risky = {{0, 1, 1.0}};
  r = test::runChip(image, {-1, 0.5f, 2.6f}, 1, RunOptions{}, &chip);
  EXPECT_EQ(r.reads[0].read_flips, 4);
  EXPECT_EQ(r.reads[0].wrong_reads, 0);
}

// One cell with p = 1/2, read twice per sample: a held flip flips both reads of a sample or
// neither (2 or 0 flips per sample, about half each); a read flip flips each read on its own (1
// flip in about half the samples).
TEST(EmulatorVirtualChip, HeldFlipsLastTheWholeRun) {
  image::ChipImage image = bitSerial3x2();
  const int64_t n = 2000;
  std::vector<float> x;
  for (int64_t s = 0; s < n; ++s)
    x.insert(x.end(), {-1, 0.5f, 2.6f});
  for (bool held : {true, false}) {
    device::VirtualChip chip = exactChip(image);
    (held ? chip.tiles[0].held : chip.tiles[0].risky) = {{0, 1, 0.5}};
    RunOptions options;
    options.seed = 5;
    RunResult r = test::runChip(image, x, n, options, &chip);
    int64_t counts[3] = {0, 0, 0}; // samples with 0, 1 and 2 flips, from neuron 0's score
    for (int64_t s = 0; s < n; ++s) {
      float score = r.outputs[size_t(2 * s)]; // 4.5 with both reads flipped, 0.5 with none
      int flips = score == 4.5f ? 2 : score == 0.5f ? 0 : 1;
      ++counts[flips];
    }
    SCOPED_TRACE(held ? "held" : "read");
    if (held)
      EXPECT_EQ(counts[1], 0);
    else
      EXPECT_NEAR(double(counts[1]), n / 2.0, 5 * std::sqrt(n / 4.0));
    EXPECT_NEAR(double(counts[2]), held ? n / 2.0 : n / 4.0, 5 * std::sqrt(n / 4.0));
    EXPECT_EQ(r.reads[0].read_flips, counts[1] + 2 * counts[2]);
  }
}

// Random programs: static errors in the sensed words, risky cells with p = 1 and p = 0. The run
// must equal the ideal chip on an image whose cells hold what every read returns (stored XOR
// static XOR certain flips), and the counts follow from the cells chosen.
TEST(EmulatorVirtualChip, CertainFlipsEqualTheIdealChipOnFlippedCells) {
  for (uint64_t seed = 0; seed < 90; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    ir::Program prog = test::randomProgram(rng, seed % 3 == 0);
    image::ChipImage image = test::makeImage(prog, test::smallArch());
    image::ChipImage flipped = image;
    device::VirtualChip chip = exactChip(image);
    const mapping::Mapping &m = image.mapping;
    std::vector<int64_t> wrong(prog.layers.size(), 0), flips(prog.layers.size(), 0);
    for (size_t t = 0; t < m.tiles.size(); ++t) {
      const mapping::Tile &tile = m.tiles[t];
      for (int64_t r = 0; r < tile.rows; ++r)
        for (int64_t c = 0; c < tile.cols; ++c) {
          uint64_t bit = uint64_t(1) << (c % 64);
          size_t w = size_t(r * m.wordsPerRow() + c / 64);
          int what = int(rng() % 8); // 0: static error, 1: p = 1, 2: both, 3: p = 0, else none
          bool is_static = what == 0 || what == 2, certain = what == 1 || what == 2;
          if (is_static)
            chip.tiles[t].sensed[w] ^= bit;
          if (certain || what == 3)
            chip.tiles[t].risky.push_back({uint32_t(r), uint32_t(c), certain ? 1.0 : 0.0});
          if (is_static != certain)
            flipped.mapping.tiles[t].cells[w] ^= bit;
          size_t l = size_t(tile.layer);
          int64_t planes = prog.layers[l].bit_serial_input ? prog.inputOf(l).bits : 1;
          int64_t reads = planes * prog.layers[size_t(tile.layer)].geom.positions();
          wrong[size_t(tile.layer)] += (is_static != certain) * reads;
          flips[size_t(tile.layer)] += certain * reads;
        }
    }
    int64_t count = 5;
    std::vector<float> x = test::randomInputs(prog, count, rng);
    RunOptions options;
    options.threads = 2;
    RunResult got = test::runChip(image, x, count, options, &chip);
    RunResult want = test::runChip(flipped, x, count, RunOptions{});
    ASSERT_EQ(got.outputs, want.outputs);
    EXPECT_EQ(got.predictions, want.predictions);
    for (size_t l = 0; l < prog.layers.size(); ++l) {
      EXPECT_EQ(got.reads[l].cell_reads, want.reads[l].cell_reads);
      EXPECT_EQ(got.reads[l].wrong_reads, wrong[l] * count) << "layer " << l;
      EXPECT_EQ(got.reads[l].read_flips, flips[l] * count) << "layer " << l;
    }
  }
}

// One row of ten cells storing +1, nine of them risky with p from 0 to 1. Input all +1 (every
// cell matches): dot = 10 - 2F for F flips, and F follows the Poisson binomial distribution of
// the p (computed here by dynamic programming). Input with column c at -1 (cell c mismatches):
// dot = 8 - 2 F_others + 2 f_c, so E[dot] = 8 - 2 sum(p) + 4 p_c, which pins each cell's own
// flip probability; Var[dot] = 4 sum p (1 - p) in both cases.
TEST(EmulatorVirtualChip, FlipsFollowEachCellsProbabilityIndependently) {
  const std::vector<double> p = {0.9, 0.02, 0.5, 0, 1, 0.3, 0.001, 0.7, 0.15};
  ir::Program prog;
  prog.input.shape = {10};
  prog.input.compare.assign(10, ir::Compare{Kind::Ge, 0});
  ir::Layer l;
  l.geom.cin = 10, l.geom.cout = 1;
  l.weights.assign(10, 1);
  l.output = ir::Layer::Output::Affine;
  l.scale = {1}, l.offset = {0};
  prog.layers.push_back(l);
  prog.output_shape = {1};
  mapping::Arch arch = test::smallArch();
  arch.tile_rows = 1, arch.tile_cols = 10, arch.popcount_bits = 4;
  image::ChipImage image = test::makeImage(prog, arch);
  device::VirtualChip chip = exactChip(image);
  for (uint32_t c = 0; c < p.size(); ++c)
    chip.tiles[0].risky.push_back({0, c, p[c]});
  const int64_t n = 20000;
  double sum_p = 0, var = 0;
  for (double q : p)
    sum_p += q, var += 4 * q * (1 - q);
  // Sample block c in 0..9: column c - 1 at -1 (block 0: all +1), n samples each.
  std::vector<float> x(size_t(10 * n * 10), 1.0f);
  for (int64_t c = 1; c < 10; ++c)
    for (int64_t s = 0; s < n; ++s)
      x[size_t((c * n + s) * 10 + c - 1)] = -1;
  RunOptions options;
  options.seed = 7, options.threads = 2;
  RunResult r = test::runChip(image, x, 10 * n, options, &chip);
  std::vector<double> dist = {1}; // Poisson binomial by DP: dist[k] = P(F = k)
  for (double q : p) {
    dist.push_back(0);
    for (size_t k = dist.size() - 1; k > 0; --k)
      dist[k] = dist[k] * (1 - q) + dist[k - 1] * q;
    dist[0] *= 1 - q;
  }
  std::vector<double> seen(dist.size(), 0);
  for (int64_t s = 0; s < n; ++s)
    seen[size_t((10 - int(r.outputs[size_t(s)])) / 2)] += 1.0 / double(n);
  for (size_t k = 0; k < dist.size(); ++k)
    EXPECT_NEAR(seen[k], dist[k], 5 * std::sqrt(dist[k] * (1 - dist[k]) / double(n)) + 1e-12)
        << "P(F = " << k << "), seed 7";
  for (int64_t c = 1; c < 10; ++c) {
    double mean = 0;
    for (int64_t s = 0; s < n; ++s)
      mean += r.outputs[size_t(c * n + s)] / double(n);
    double expected = 8 - 2 * sum_p + 4 * p[size_t(c - 1)];
    EXPECT_NEAR(mean, expected, 5 * std::sqrt(var / double(n))) << "cell " << c - 1 << ", seed 7";
  }
  int64_t flips = 0; // every block: F flips per read, F = (10 - dot) / 2 in block 0
  for (int64_t s = 0; s < n; ++s)
    flips += (10 - int64_t(r.outputs[size_t(s)])) / 2;
  EXPECT_NEAR(double(r.reads[0].read_flips) / 10, double(flips), 6 * std::sqrt(var / 4 * n));
}

// Same (chip, seed, chip index): the same flips at any thread count; another seed or chip
// index: other flips.
TEST(EmulatorVirtualChip, FlipsDependOnSeedAndChipIndexNotOnThreads) {
  std::mt19937_64 rng(11);
  ir::Program prog;
  do // a program with a binary hidden layer, so that flips reach the outputs through bits
    prog = test::randomProgram(rng);
  while (prog.layers.size() < 2);
  image::ChipImage image = test::makeImage(prog, test::smallArch());
  device::VirtualChip chip = exactChip(image);
  for (size_t t = 0; t < chip.tiles.size(); ++t)
    for (int64_t r = 0; r < image.mapping.tiles[t].rows; ++r)
      chip.tiles[t].risky.push_back({uint32_t(r), 0, 0.2});
  std::vector<float> x = test::randomInputs(prog, 40, rng);
  auto run = [&](int threads, uint64_t seed, uint64_t index) {
    RunOptions o;
    o.threads = threads, o.seed = seed, o.chip_index = index;
    return test::runChip(image, x, 40, o, &chip);
  };
  RunResult a = run(1, 3, 0), c = run(2, 4, 0), d = run(2, 3, 1);
  ThreadWatch watch;
  RunResult b = run(3, 3, 0);
  EXPECT_GE(watch.threads(), 3u); // the inputs' encoding and the run each start 3

  EXPECT_EQ(a.outputs, b.outputs);
  EXPECT_EQ(a.reads[0].read_flips, b.reads[0].read_flips);
  EXPECT_EQ(a.reads.back().wrong_reads, b.reads.back().wrong_reads);
  EXPECT_GT(a.reads[0].read_flips, 0);
  EXPECT_NE(a.reads[0].read_flips, c.reads[0].read_flips);
  EXPECT_NE(a.reads[0].read_flips, d.reads[0].read_flips);
}

} // namespace
} // namespace bnnc::emulator
