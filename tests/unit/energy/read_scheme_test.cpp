// 1T1R reads and error-correcting codes in the energy model: decoder sizes and depths by hand,
// check-cell reads, decoded words, their prices and the decoder's pipeline cycles.
#include "unit/energy/energy_test_util.h"

#include <gtest/gtest.h>

namespace bnnc::energy {
namespace {

using testing::chipOf;
using testing::comparatorInput;
using testing::denseLayer;
using testing::primeTechnology;
using testing::smallArch;

TEST(ReadScheme, DecoderSizesByHand) {
  // SECDED (72, 64), m = 7: syndromes 7 x 72/2 + 71, locator 64 x 6, correct and XNOR 2 x 64;
  // levels: ceil(log2 72) + ceil(log2 7) + 2 = 7 + 3 + 2.
  DecoderCost s = secdedDecoder(64, 7);
  EXPECT_DOUBLE_EQ(s.gates, 7 * 36 + 71 + 64 * 6 + 128);
  EXPECT_EQ(s.levels, 12);
  // BCH (78, 64), t = 2, m = 7: syndromes 2 x 7 x 39, Berlekamp-Massey 2 x 4 x 49, Chien
  // 64 x (2 x (24.5 + 7) + 7), correct and XNOR 128; levels: 7 + 2 x (3 + 1 + 1) + (3 + 1 + 2)
  // + 3 + 2.
  DecoderCost b = bchDecoder(64, 14, 2, 7);
  EXPECT_DOUBLE_EQ(b.gates, 546 + 392 + 64 * 70 + 128);
  EXPECT_EQ(b.levels, 28);
}

// fc: 3 neurons of 5 inputs on one 4 x 8 tile, one pass; the chip has 6 tiles at 50 MHz.
image::ChipImage denseChip() {
  std::mt19937 rng(1);
  ir::Program p;
  p.input = comparatorInput(5);
  p.layers.push_back(denseLayer("fc", 3, 5, rng));
  return chipOf(p, smallArch(4, 8, 6, 50));
}

TEST(ReadScheme, OneT1RReadsAtItsOwnPrice) {
  ReadScheme one;
  one.single_device = true;
  InferenceEnergy e = inferenceEnergy(denseChip(), primeTechnology(), one);
  EXPECT_DOUBLE_EQ(e.layers[0].sense_pj, 15 * 19 / 1000.0);
  EXPECT_EQ(e.layers[0].ecc_pj, 0);
}

TEST(ReadScheme, CodesReadCheckCellsAndDecodeWords) {
  ReadScheme code;
  code.single_device = true;
  code.data_bits = 4; // a row of 5 cells is 2 words: 4 cells and 1
  code.check_bits = 4;
  code.decoder_gates = 10;
  code.decoder_levels = 3;
  InferenceEnergy e = inferenceEnergy(denseChip(), primeTechnology(), code);
  const LayerEnergy &l = e.layers[0];
  EXPECT_EQ(l.events.decoded_words, 3 * 2);
  EXPECT_EQ(l.events.check_reads, 3 * 2 * 4);
  EXPECT_DOUBLE_EQ(l.sense_pj, (15 + 24) * 19 / 1000.0);
  EXPECT_DOUBLE_EQ(l.ecc_pj, 6 * 10 * 23 / 1000.0);
  // 3 levels of 29 ps fit in one 20 ns cycle: one more cycle to drain.
  InferenceEnergy plain = inferenceEnergy(denseChip(), primeTechnology());
  EXPECT_EQ(l.events.cycles, plain.layers[0].events.cycles + 1);
  // Levels longer than a cycle take as many cycles as they fill: 1000 x 29 ps = 1.45 cycles.
  code.decoder_levels = 1000;
  EXPECT_EQ(inferenceEnergy(denseChip(), primeTechnology(), code).layers[0].events.cycles,
            plain.layers[0].events.cycles + 2);
}

} // namespace
} // namespace bnnc::energy
