// Placement of hand-sized layers, the cost model computed by hand, errors, and the way back.
#include "bnnc/mapping/mapping.h"
#include "bnnc/support/error.h"

#include <gtest/gtest.h>

#include <random>

namespace bnnc::mapping {
namespace {

// A layer of `cout` neurons over `cin` inputs (a dense layer), weights drawn from `rng`.
ir::Layer denseLayer(const std::string &name, int64_t cout, int64_t cin, std::mt19937 &rng) {
  ir::Layer l;
  l.name = name;
  l.source_op = "Gemm";
  l.geom.cin = cin;
  l.geom.cout = cout;
  l.weights.resize(size_t(cout * cin));
  for (uint8_t &w : l.weights)
    w = uint8_t(rng() & 1);
  l.threshold.resize(size_t(cout));
  return l;
}

std::string mapError(const ir::Program &p, const Arch &a) {
  try {
    mapProgram(p, a, "model.onnx");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

// 300 neurons x 200 inputs on 128 x 128 tiles: ceil(300/128) = 3 row blocks, ceil(200/128) = 2
// column blocks, 6 tiles; the last row block holds 300 - 256 = 44 neurons, the last column block
// 200 - 128 = 72 inputs.
TEST(Mapping, Dense300x200OnDefaultTiles) {
  const unsigned seed = 12345;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  ir::Program p;
  p.layers.push_back(denseLayer("fc1", 300, 200, rng));
  Mapping m = mapProgram(p, defaultArch(), "model.onnx");
  ASSERT_EQ(m.tiles.size(), 6u);
  ASSERT_EQ(m.layers.size(), 1u);
  const LayerPlacement &pl = m.layers[0];
  EXPECT_EQ(pl.first_tile, 0);
  EXPECT_EQ(pl.row_blocks, 3);
  EXPECT_EQ(pl.col_blocks, 2);
  EXPECT_EQ(pl.planes, 1);
  // 1 position x 1 plane x 300 neurons x 2 column blocks.
  EXPECT_EQ(pl.array_reads, 600);
  // 1 x 1 x min(300, 128): the full tiles read their 128 rows in parallel.
  EXPECT_EQ(pl.cycles, 128);
  // 300 * 200 = 60000 used cells of 6 * 128 * 128 = 98304.
  EXPECT_EQ(pl.utilization, 0.6103515625);
  // Tiles row-block major: (rb, cb) = (0,0) (0,1) (1,0) (1,1) (2,0) (2,1).
  const int64_t expect[6][4] = {{0, 0, 128, 128},    {0, 128, 128, 72}, {128, 0, 128, 128},
                                {128, 128, 128, 72}, {256, 0, 44, 128}, {256, 128, 44, 72}};
  for (int t = 0; t < 6; ++t) {
    SCOPED_TRACE("tile " + std::to_string(t));
    EXPECT_EQ(m.tiles[t].layer, 0);
    EXPECT_EQ(m.tiles[t].row0, expect[t][0]);
    EXPECT_EQ(m.tiles[t].col0, expect[t][1]);
    EXPECT_EQ(m.tiles[t].rows, expect[t][2]);
    EXPECT_EQ(m.tiles[t].cols, expect[t][3]);
    EXPECT_EQ(m.tiles[t].cells.size(), 128u * 2u); // 128 rows x 2 words of 64 columns
  }
  // Weight (n, k) is in tile (n / 128) * 2 + k / 128, row n % 128, column k % 128.
  const ir::Layer &l = p.layers[0];
  for (int64_t n = 0; n < 300; ++n)
    for (int64_t k = 0; k < 200; ++k)
      ASSERT_EQ(m.cell(m.tiles[(n / 128) * 2 + k / 128], n % 128, k % 128), l.weights[n * 200 + k])
          << "neuron " << n << " input " << k;
  // The last weight, spelled out: neuron 299, input 199 -> tile 5, row 43, column 71, which is
  // bit 7 of word 1 of row 43.
  EXPECT_EQ((m.tiles[5].cells[43 * 2 + 1] >> 7) & 1, l.weights[299 * 200 + 199]);
}

TEST(Mapping, UnusedCellsAreZero) {
  std::mt19937 rng(7);
  ir::Program p;
  p.layers.push_back(denseLayer("fc1", 300, 200, rng));
  std::fill(p.layers[0].weights.begin(), p.layers[0].weights.end(), 1);
  Mapping m = mapProgram(p, defaultArch(), "model.onnx");
  const Tile &last = m.tiles[5]; // 44 rows x 72 columns used
  for (int64_t r = 0; r < 128; ++r)
    for (int64_t c = 0; c < 128; ++c)
      ASSERT_EQ(m.cell(last, r, c), r < 44 && c < 72) << "row " << r << " col " << c;
}

// A bit-serial 3x3 convolution over an 8-bit 1x28x28 input, then a dense layer.
TEST(Mapping, BitSerialConvolutionCosts) {
  std::mt19937 rng(99);
  ir::Program p;
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.bits = 8;
  ir::Layer conv = denseLayer("conv1", 32, 1, rng);
  conv.geom.ih = conv.geom.iw = 28;
  conv.geom.kh = conv.geom.kw = 3;
  conv.geom.oh = conv.geom.ow = 26;
  conv.weights.resize(32 * 9);
  conv.bit_serial_input = true;
  p.layers.push_back(conv);
  p.layers.push_back(denseLayer("fc1", 10, 32 * 26 * 26, rng));
  Arch a = defaultArch();
  a.tiles = 170;
  Mapping m = mapProgram(p, a, "model.onnx");
  const LayerPlacement &c = m.layers[0];
  EXPECT_EQ(c.planes, 8);
  // 26 * 26 = 676 positions x 8 planes x 32 neurons x 1 column block.
  EXPECT_EQ(c.array_reads, 173056);
  // 676 x 8 x min(32, 128).
  EXPECT_EQ(c.cycles, 173056);
  // 32 * 9 = 288 used cells of 128 * 128 = 16384.
  EXPECT_EQ(c.utilization, 0.017578125);
  // The dense layer: fan-in 21632 = 169 column blocks of 128, one row block, after tile 0.
  const LayerPlacement &d = m.layers[1];
  EXPECT_EQ(d.first_tile, 1);
  EXPECT_EQ(d.row_blocks, 1);
  EXPECT_EQ(d.col_blocks, 169);
  EXPECT_EQ(d.planes, 1);
  EXPECT_EQ(d.array_reads, 10 * 169);
  EXPECT_EQ(d.cycles, 10);
  EXPECT_EQ(d.utilization, 216320.0 / (169.0 * 16384.0));
}

TEST(Mapping, TooManyTilesNamesTheLargestLayer) {
  std::mt19937 rng(1);
  ir::Program p;
  p.layers.push_back(denseLayer("fc0", 1024, 128, rng)); // 8 x 1 = 8 tiles
  p.layers.push_back(denseLayer("fc1", 256, 784, rng));  // 2 x 7 = 14 tiles
  for (int i = 2; i < 6; ++i)                            // 1 x 12 = 12 tiles each
    p.layers.push_back(denseLayer("fc" + std::to_string(i), 128, 1536, rng));
  EXPECT_EQ(mapError(p, defaultArch()),
            "model.onnx: error: the model needs 70 tiles, the architecture 'default' has 64 "
            "(layer 'fc1' needs 14 of 128x128)");
  Arch big = defaultArch();
  big.tiles = 70; // exactly enough
  EXPECT_EQ(mapProgram(p, big, "model.onnx").tiles.size(), 70u);
}

TEST(Mapping, RejectsAnInvalidArchitecture) {
  std::mt19937 rng(1);
  ir::Program p;
  p.layers.push_back(denseLayer("fc0", 4, 4, rng));
  Arch a = defaultArch();
  a.popcount_bits = 7;
  EXPECT_EQ(mapError(p, a), "model.onnx: architecture 'default': error: popcount_bits 2^7 - 1 = "
                            "127 cannot hold tile_cols = 128; at least 8 bits are needed");
}

// 2^48 positions x 16 planes x 2^16 neurons x 1 column block = 2^68 reads.
TEST(Mapping, CountOverflowIsAnError) {
  std::mt19937 rng(3);
  ir::Program p;
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.bits = 16;
  ir::Layer big = denseLayer("big", 65536, 1, rng);
  big.geom.oh = big.geom.ow = int64_t(1) << 24;
  big.bit_serial_input = true;
  p.layers.push_back(big);
  Arch a = defaultArch();
  a.tiles = 512;
  EXPECT_EQ(mapError(p, a),
            "model.onnx: layer 'big': error: the layer's array read count overflows 64 bits");
}

TEST(Mapping, TilesNeeded) {
  Arch a = defaultArch();
  EXPECT_EQ(tilesNeeded(128, 128, a), 1);
  EXPECT_EQ(tilesNeeded(129, 128, a), 2);
  EXPECT_EQ(tilesNeeded(300, 200, a), 6);
  EXPECT_EQ(tilesNeeded(1, 1, a), 1);
}

// Random layer sizes on tile shapes around the 64-column word boundary, read back exactly.
TEST(Mapping, WeightsFromTilesRoundTrip) {
  const unsigned seed = 2024;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const int64_t shapes[][2] = {{128, 128}, {64, 64}, {16, 65}, {7, 127}, {33, 200}, {1, 1}};
  for (const auto &shape : shapes) {
    Arch a = defaultArch();
    a.tile_rows = shape[0];
    a.tile_cols = shape[1];
    a.popcount_bits = 8;
    a.tiles = kMaxTiles;
    ir::Program p;
    for (int i = 0; i < 3; ++i) {
      int64_t cout = 1 + int64_t(rng() % 150), cin = 1 + int64_t(rng() % 300);
      p.layers.push_back(denseLayer("layer", cout, cin, rng));
    }
    Mapping m = mapProgram(p, a, "model.onnx");
    for (int i = 0; i < 3; ++i)
      EXPECT_EQ(weightsFromTiles(m, p, i), p.layers[size_t(i)].weights)
          << "tile " << shape[0] << "x" << shape[1] << " layer " << i;
  }
}

} // namespace
} // namespace bnnc::mapping
