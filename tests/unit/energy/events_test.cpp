// Event counts of small programs, computed by hand from the formulas of docs/energy.md.
#include "unit/energy/energy_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::energy {
namespace {

using testing::chipOf;
using testing::comparatorInput;
using testing::denseLayer;
using testing::smallArch;

// 3 neurons x 5 inputs on one 4 x 8 tile, comparator input of 5 elements of which one is a
// constant (Zero), thresholds Ge, Le and One (a constant: no comparator).
TEST(Events, DenseLayerOnOneTile) {
  std::mt19937 rng(1);
  ir::Program p;
  p.input = comparatorInput(5);
  p.input.compare[2].kind = ir::Compare::Kind::Zero;
  p.layers.push_back(denseLayer("fc", 3, 5, rng));
  p.layers[0].threshold[1].kind = ir::Compare::Kind::Le;
  p.layers[0].threshold[2].kind = ir::Compare::Kind::One;
  image::ChipImage chip = chipOf(p, smallArch(4, 8, 6, 50));
  Events e = layerEvents(chip.program, chip.mapping, 0);
  Events want;
  want.sense_reads = 15;      // 1 position x 1 plane x 3 neurons x 5 cells
  want.popcount_bits = 15;    // the tree: 5 per row read; one column block, nothing to add
  want.compares = 4 + 2;      // input: 5 - 1 constant; layer: Ge and Le, not One
  want.buffer_read_bits = 5;  // the 5 inputs, once for the one pass
  want.buffer_write_bits = 8; // 3 output bits + the 5 input bits written by the input stage
  want.active_tile_cycles = 3;
  want.cycles = 3 + 3; // min(3, 4) rows + kDrainCycles
  EXPECT_EQ(e, want);
}

// Layer 1 of a 4 -> 20 -> 6 program on 4 x 8 tiles: 20 inputs in 3 column blocks (8, 8, 4), 6
// neurons in 2 row blocks (4, 2); affine output (scores, no compares).
TEST(Events, LayerSplitOverColumnAndRowBlocks) {
  std::mt19937 rng(2);
  ir::Program p;
  p.input = comparatorInput(4);
  p.layers.push_back(denseLayer("fc1", 20, 4, rng));
  p.layers.push_back(denseLayer("fc2", 6, 20, rng));
  ir::Layer &last = p.layers[1];
  last.output = ir::Layer::Output::Affine;
  last.threshold.clear();
  last.scale.assign(6, 1.0);
  last.offset.assign(6, 0.0);
  image::ChipImage chip = chipOf(p, smallArch(4, 8, 16, 100));
  ASSERT_EQ(chip.mapping.layers[1].col_blocks, 3);
  ASSERT_EQ(chip.mapping.layers[1].array_reads, 18);

  Events e1 = layerEvents(chip.program, chip.mapping, 1);
  Events want1;
  want1.sense_reads = 120; // 6 neurons x 20 cells
  // Tree 6 x 20 = 120; each neuron adds its 3 partial counts in 2 additions of w(20) = 5 bits.
  want1.popcount_bits = 120 + 6 * 2 * 5;
  want1.buffer_read_bits = 20;
  want1.buffer_write_bits = 6 * 32; // scores at kScoreBits
  want1.active_tile_cycles = 18;    // 6 neurons x 3 column blocks
  want1.cycles = 4 + 3;             // min(6, 4) + kDrainCycles
  EXPECT_EQ(e1, want1);

  // Layer 0 (20 neurons x 4 inputs, 5 row blocks of one column block) carries the input stage.
  Events e0 = layerEvents(chip.program, chip.mapping, 0);
  Events want0;
  want0.sense_reads = 80;
  want0.popcount_bits = 80;
  want0.compares = 20 + 4;
  want0.buffer_read_bits = 4;
  want0.buffer_write_bits = 20 + 4;
  want0.active_tile_cycles = 20;
  want0.cycles = 4 + 3;
  EXPECT_EQ(e0, want0);
}

// A 3 x 3 convolution (pad 1) with 2 output channels over a 3-bit 1 x 4 x 4 input, fed
// bit-serially, then max pooling 3 x 3, stride 2, pad 1, to 2 x 2; 4 x 8 tiles, so the fan-in 9
// spans 2 column blocks (8 + 1).
ir::Program bitSerialConvProgram() {
  std::mt19937 rng(3);
  ir::Program p;
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.shape = {1, 4, 4};
  p.input.bits = 3;
  p.input.lo = 0;
  p.input.hi = 7;
  ir::Layer l = denseLayer("conv", 2, 9, rng);
  l.source_op = "Conv";
  l.bit_serial_input = true;
  l.geom = ir::ConvGeometry{1, 4, 4, 2, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1};
  l.pool.enabled = true;
  l.pool.kh = l.pool.kw = 3;
  l.pool.sh = l.pool.sw = 2;
  l.pool.pad_top = l.pool.pad_left = l.pool.pad_bottom = l.pool.pad_right = 1;
  l.pool.oh = l.pool.ow = 2;
  l.pool.use_or = {1, 0};
  p.layers.push_back(l);
  return p;
}

TEST(Events, BitSerialConvolutionWithPooling) {
  image::ChipImage chip = chipOf(bitSerialConvProgram(), smallArch(4, 8, 4, 100));
  ASSERT_EQ(chip.mapping.layers[0].planes, 3);
  ASSERT_EQ(chip.mapping.layers[0].col_blocks, 2);
  Events e = layerEvents(chip.program, chip.mapping, 0);
  // 16 positions x 3 planes x 2 neurons x 9 cells.
  EXPECT_EQ(e.sense_reads, 864);
  // Valid taps along an axis (out 4, kernel 3, pad 1 over 4): 2 + 3 + 3 + 2 = 10, so the real
  // inputs over all positions are 1 x 10 x 10 = 100 of 16 x 9 = 144.
  EXPECT_EQ(e.buffer_read_bits, 3 * 100); // per plane
  // Tree 864; column blocks 16 x 3 x 2 x (2 - 1) x w(9) = 4 -> 384; T's width w(9 x 7 = 63) = 6:
  // plane shift-adds 16 x 2 x (3 - 1) x 6 = 384; Q: 3 x 100 plane bits + 16 x 2 x 6 = 492;
  // S = 2T - Q: 16 x 2 x 7 = 224.
  EXPECT_EQ(e.popcount_bits, 864 + 384 + 384 + 492 + 224);
  EXPECT_EQ(e.compares, 16 * 2); // every position before pooling, no input comparators
  // Pooling taps along an axis (out 2, kernel 3, stride 2, pad 1 over 4): 2 + 3 = 5; 2 channels.
  EXPECT_EQ(e.pool_ops, 2 * 5 * 5);
  // 2 x 2 x 2 pooled output bits + the 16 inputs at 3 bits written by the input stage.
  EXPECT_EQ(e.buffer_write_bits, 8 + 48);
  EXPECT_EQ(e.active_tile_cycles, 16 * 3 * 2 * 2); // the mapping's array reads
  EXPECT_EQ(e.cycles, 16 * 3 * 2 + 3);             // positions x planes x min(2, 4) + drain
}

// Dilation and stride along one axis (a 1-D convolution): taps at 0 <= 2o - 2 + 2k < 7 for
// out 4, kernel 3: o=0: k=1,2 (2); o=1: 3; o=2: 3; o=3: i=4,6,8 -> 2; total 10.
TEST(Events, StridedDilatedConvolutionCountsRealInputs) {
  std::mt19937 rng(4);
  ir::Program p;
  p.input = comparatorInput(2 * 7);
  p.input.shape = {2, 1, 7};
  ir::Layer l = denseLayer("conv1d", 3, 2 * 3, rng);
  l.geom = ir::ConvGeometry{2, 1, 7, 3, 1, 4, 1, 3, 1, 2, 1, 2, 0, 2, 0, 2};
  p.layers.push_back(l);
  image::ChipImage chip = chipOf(p, smallArch(8, 8, 2, 100));
  Events e = layerEvents(chip.program, chip.mapping, 0);
  EXPECT_EQ(e.buffer_read_bits, 2 * 10);   // 2 channels x 10 taps
  EXPECT_EQ(e.sense_reads, 4 * 3 * 6);     // masked cells are read too
  EXPECT_EQ(e.compares, 4 * 3 + 14);       // layer + input comparators
  EXPECT_EQ(e.buffer_write_bits, 12 + 14); // 3 x 4 output bits + 14 input bits
}

// A multi-bit pair on one 8 x 8 tile each: layer 0 has 2-bit weights with channel offsets
// (1, -3, 0) and 2-bit outputs (3 levels per neuron, one of them constant); layer 1 reads those
// codes bit-serially (2 planes) with binary weights and gives 2 scores.
TEST(Events, WeightPlanesOffsetsAndLevelsCount) {
  std::mt19937 rng(5);
  ir::Program p;
  p.input = comparatorInput(5);
  ir::Layer l0 = denseLayer("fc1", 3, 5, rng);
  l0.weight_bits = 2;
  ir::Layer planes = denseLayer("fc1", 6, 5, rng); // 2 planes x 3 neurons of digit bits
  l0.weights = planes.weights;
  l0.weight_offset = {1, -3, 0};
  l0.threshold.clear();
  l0.output_bits = 2;
  l0.levels.assign(9, ir::Compare{ir::Compare::Kind::Ge, 0});
  l0.levels[4].kind = ir::Compare::Kind::One;
  l0.output_lo = -1.5;
  p.layers.push_back(l0);
  ir::Layer l1 = denseLayer("fc2", 2, 3, rng);
  l1.bit_serial_input = true;
  l1.output = ir::Layer::Output::Affine;
  l1.threshold.clear();
  l1.scale.assign(2, 1.0);
  l1.offset.assign(2, 0.0);
  p.layers.push_back(l1);
  image::ChipImage chip = chipOf(p, smallArch(8, 8, 4, 100));
  ASSERT_EQ(chip.mapping.layers[1].planes, 2);

  Events e0 = layerEvents(chip.program, chip.mapping, 0);
  Events want0;
  want0.sense_reads = 30; // 6 weight rows (3 neurons x 2 planes) x 5 cells
  // Tree 30; planes combine: 3 neurons x (2 - 1) x (w(5) = 3 + 2 + 1); offsets: the input's
  // popcount over its 5 bits, then 3 neurons x w(3) = 2 shift-adds x 6 bits.
  want0.popcount_bits = 30 + 3 * 6 + 5 + 3 * 2 * 6;
  want0.compares = 8 + 5;          // 9 levels less the constant one; the 5 input comparators
  want0.buffer_read_bits = 5;      // one pass over the 5 inputs
  want0.buffer_write_bits = 6 + 5; // 3 codes of 2 bits + the 5 input bits
  want0.active_tile_cycles = 6;    // every weight row once
  want0.cycles = 6 + 3;            // 6 rows + kDrainCycles
  EXPECT_EQ(e0, want0);

  Events e1 = layerEvents(chip.program, chip.mapping, 1);
  Events want1;
  want1.sense_reads = 2 * 2 * 3; // 2 input planes x 2 neurons x 3 cells
  // Tree 12; wT = w(3 x 3) = 4: T 2 x 1 x 4 = 8, Q 2 x 3 + 1 x 4 = 10, S = 2T - Q 2 x 5 = 10.
  want1.popcount_bits = 12 + 8 + 10 + 10;
  want1.buffer_read_bits = 2 * 3;
  want1.buffer_write_bits = 2 * 32;
  want1.active_tile_cycles = 4;
  want1.cycles = 2 * 2 + 3;
  EXPECT_EQ(e1, want1);
}

} // namespace
} // namespace bnnc::energy
