// Small programs worked out by hand, run through both the chip emulator and the naive reference.
#include "bnnc/emulator/emulator.h"
#include "bnnc/emulator/reference.h"
#include "unit/emulator/random_program_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bnnc::emulator {
namespace {

using Kind = ir::Compare::Kind;

ir::Compare cmp(Kind kind, double t = 0) {
  ir::Compare c;
  c.kind = kind;
  c.t = t;
  return c;
}

// Runs both engines and checks they agree before returning the chip's result.
RunResult runBoth(const ir::Program &prog, const std::vector<float> &x, int64_t count) {
  mapping::Arch arch = test::smallArch();
  arch.tile_rows = 2, arch.tile_cols = 2, arch.popcount_bits = 2; // split even tiny layers
  RunResult chip = test::runChip(test::makeImage(prog, arch), x, count, RunOptions{1});
  RunResult ref = runProgramReference(prog, x, count);
  EXPECT_EQ(chip.outputs, ref.outputs);
  EXPECT_EQ(chip.predictions, ref.predictions);
  return chip;
}

// Input [0.5, -1, 2, -3] through comparators x >= 0 gives bits 1 0 1 0, i.e. a = [+1 -1 +1 -1].
// A 1 x 3 convolution, weights w = [+1 +1 -1], padding 1 on both sides, stride 1:
//   pos 0: [pad a0 a1] = (+1)(+1) + (-1)(-1)           =  2   (Keff 2)
//   pos 1: [a0 a1 a2]  = (+1)(+1) + (+1)(-1) + (-1)(+1) = -1   (Keff 3)
//   pos 2: [a1 a2 a3]  = (+1)(-1) + (+1)(+1) + (-1)(-1) =  1   (Keff 3)
//   pos 3: [a2 a3 pad] = (+1)(+1) + (+1)(-1)           =  0   (Keff 2)
ir::Program conv1x3(ir::Layer::Output output) {
  ir::Program p;
  p.input.shape = {1, 4};
  p.input.compare.assign(4, cmp(Kind::Ge, 0));
  ir::Layer l;
  l.name = "conv";
  l.geom.cin = 1, l.geom.ih = 1, l.geom.iw = 4, l.geom.cout = 1, l.geom.oh = 1, l.geom.ow = 4;
  l.geom.kw = 3, l.geom.pad_left = 1, l.geom.pad_right = 1;
  l.weights = {1, 1, 0};
  l.output = output;
  p.layers.push_back(l);
  p.output_shape = {4};
  return p;
}

TEST(EmulatorHand, Conv1x3WithPaddingAffine) {
  ir::Program p = conv1x3(ir::Layer::Output::Affine);
  p.layers[0].scale = {1}, p.layers[0].offset = {0};
  RunResult r = runBoth(p, {0.5f, -1, 2, -3}, 1);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{2, -1, 1, 0}));
  EXPECT_EQ(test::plain(r.predictions), std::vector<int64_t>{0});
  // score = -0.5 * dot + 0.25: [-0.75, 0.75, -0.25, 0.25], maximum at position 1.
  p.layers[0].scale = {-0.5}, p.layers[0].offset = {0.25};
  r = runBoth(p, {0.5f, -1, 2, -3}, 1);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{-0.75f, 0.75f, -0.25f, 0.25f}));
  EXPECT_EQ(test::plain(r.predictions), std::vector<int64_t>{1});
}

TEST(EmulatorHand, Conv1x3WithPaddingThresholds) {
  // dot = [2, -1, 1, 0]; dot >= 0 -> [+1 -1 +1 +1]; dot <= 0 -> [-1 +1 -1 +1] (ties included).
  ir::Program p = conv1x3(ir::Layer::Output::Threshold);
  p.layers[0].threshold = {cmp(Kind::Ge, 0)};
  EXPECT_EQ(test::plain(runBoth(p, {0.5f, -1, 2, -3}, 1).outputs),
            (std::vector<float>{1, -1, 1, 1}));
  p.layers[0].threshold = {cmp(Kind::Le, 0)};
  RunResult r = runBoth(p, {0.5f, -1, 2, -3}, 1);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{-1, 1, -1, 1}));
  EXPECT_EQ(test::plain(r.predictions), std::vector<int64_t>{1}); // first of the two maxima
  p.layers[0].threshold = {cmp(Kind::One)};
  EXPECT_EQ(test::plain(runBoth(p, {0.5f, -1, 2, -3}, 1).outputs),
            (std::vector<float>{1, 1, 1, 1}));
  p.layers[0].threshold = {cmp(Kind::Zero)};
  EXPECT_EQ(test::plain(runBoth(p, {0.5f, -1, 2, -3}, 1).outputs),
            (std::vector<float>{-1, -1, -1, -1}));
}

// The same 1 x 3 convolution with 2-bit weights and offset e = 1 (ir/program.h, "Weights"):
// plane 0 digits d0 = [+1 -1 +1], plane 1 d1 = [-1 +1 +1], so D = d0 + 2 d1 = [-1 1 3] and
// w = D + e = [0 2 4]. With a = [+1 -1 +1 -1]:
//   pos 0: [pad a0 a1] = 2 (+1) + 4 (-1)          = -2
//   pos 1: [a0 a1 a2]  = 0 (+1) + 2 (-1) + 4 (+1) =  2
//   pos 2: [a1 a2 a3]  = 0 (-1) + 2 (+1) + 4 (-1) = -2
//   pos 3: [a2 a3 pad] = 0 (+1) + 2 (-1)          = -2
ir::Program conv1x3TwoPlanes(ir::Layer::Output output) {
  ir::Program p = conv1x3(output);
  p.layers[0].weight_bits = 2;
  p.layers[0].weights = {1, 0, 1, 0, 1, 1};
  p.layers[0].weight_offset = {1};
  return p;
}

TEST(EmulatorHand, Conv1x3WithTwoWeightPlanesAndAnOffset) {
  ir::Program p = conv1x3TwoPlanes(ir::Layer::Output::Affine);
  p.layers[0].scale = {1}, p.layers[0].offset = {0};
  RunResult r = runBoth(p, {0.5f, -1, 2, -3}, 1);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{-2, 2, -2, -2}));
  EXPECT_EQ(test::plain(r.predictions), std::vector<int64_t>{1});
}

// One neuron reading 4 inputs bit-serially, its score the plain pre-activation (scale 1,
// offset 0); `weights` are the stored bits (1: +1, 0: -1).
ir::Layer serialNeuron(const std::string &name, std::vector<uint8_t> weights) {
  ir::Layer l;
  l.name = name;
  l.geom.cin = 4, l.geom.cout = 1;
  l.bit_serial_input = true;
  l.weights = std::move(weights);
  l.output = ir::Layer::Output::Affine;
  l.scale = {1}, l.offset = {0};
  return l;
}

// The convolution's pre [-2 2 -2 -2] through three levels (pre >= -3, >= 0, >= 2) gives the
// codes q = [1 3 1 1], values -1 + q = [0 2 0 0]. A dense layer reads them bit-serially (2 bits,
// lo = -1, step = 1) with w = [+1 -1 +1 +1]: A = 2, S = sum q w = 1 - 3 + 1 + 1 = 0,
// pre = lo A + step S = -2 (= 0 - 2 + 0 + 0).
TEST(EmulatorHand, CodesBetweenLayers) {
  ir::Program p = conv1x3TwoPlanes(ir::Layer::Output::Threshold);
  ir::Layer &conv = p.layers[0];
  conv.output_bits = 2;
  conv.levels = {cmp(Kind::Ge, -3), cmp(Kind::Ge, 0), cmp(Kind::Ge, 2)};
  conv.output_lo = -1, conv.output_step = 1;
  EXPECT_EQ(test::plain(runBoth(p, {0.5f, -1, 2, -3}, 1).outputs),
            (std::vector<float>{0, 2, 0, 0}));
  p.layers.push_back(serialNeuron("fc", {1, 0, 1, 1}));
  p.output_shape = {1};
  EXPECT_EQ(test::plain(runBoth(p, {0.5f, -1, 2, -3}, 1).outputs), (std::vector<float>{-2}));
}

// Bit-serial dense layer: bits 2, lo = -1, hi = 2, so step = 3 / 3 = 1 and q = round(x + 1):
// x = [-1, 0.5, 2.6] -> (x - lo) / step = [0, 1.5, 3.6] -> q = [0, 2, 3] (1.5 rounds away from
// zero to 2, 3.6 to 4 and is clamped to 3), i.e. values [-1, 1, 2].
//   neuron 0, w = [+1 -1 +1]: A = 1,  S = 0 - 2 + 3 = 1,  pre = -1 * 1 + 1 * 1 = 0
//   neuron 1, w = [-1 -1 -1]: A = -3, S = -5,             pre = -1 * -3 + 1 * -5 = -2
// Affine: score = 2 * pre + 0.5 -> [0.5, -3.5].
ir::Program bitSerialDense() {
  ir::Program p;
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.shape = {3};
  p.input.bits = 2, p.input.lo = -1, p.input.hi = 2;
  ir::Layer l;
  l.name = "fc";
  l.geom.cin = 3, l.geom.cout = 2;
  l.bit_serial_input = true;
  l.weights = {1, 0, 1, 0, 0, 0};
  l.output = ir::Layer::Output::Affine;
  l.scale = {2, 2}, l.offset = {0.5, 0.5};
  p.layers.push_back(l);
  p.output_shape = {2};
  return p;
}

TEST(EmulatorHand, BitSerialDense) {
  ir::Program p = bitSerialDense();
  EXPECT_EQ(test::plain(runBoth(p, {-1, 0.5f, 2.6f}, 1).outputs),
            (std::vector<float>{0.5f, -3.5f}));
  // Softmax: [1, e^-4] / (1 + e^-4); LogSoftmax: [0, -4] - log(1 + e^-4).
  double e = std::exp(-4.0), log_sum = std::log(1 + e);
  p.final = ir::Program::Final::Softmax;
  EXPECT_EQ(test::plain(runBoth(p, {-1, 0.5f, 2.6f}, 1).outputs),
            (std::vector<float>{float(1 / (1 + e)), float(e / (1 + e))}));
  p.final = ir::Program::Final::LogSoftmax;
  EXPECT_EQ(test::plain(runBoth(p, {-1, 0.5f, 2.6f}, 1).outputs),
            (std::vector<float>{float(-log_sum), float(-4 - log_sum)}));
}

TEST(EmulatorHand, QuantizationRoundsHalfAwayFromZero) {
  // bits 3, lo = 0, hi = 7: step 1, q = round(x). All weights +1 and lo = 0 make pre = sum q.
  // x = [0.5, 2.5, -0.7, 9] -> q = [1, 3, 0, 7] (half away from zero; below 0 and above 7
  // clamped), pre = 11; round-half-to-even would give 0 + 2 + 0 + 7 = 9.
  ir::Program p;
  p.input.kind = ir::InputStage::Kind::BitSerial;
  p.input.shape = {4};
  p.input.bits = 3, p.input.lo = 0, p.input.hi = 7;
  p.layers.push_back(serialNeuron("", {1, 1, 1, 1}));
  p.output_shape = {1};
  EXPECT_EQ(test::plain(runBoth(p, {0.5f, 2.5f, -0.7f, 9}, 1).outputs), std::vector<float>{11});
}

// Pooling: a 1 x 1 convolution copies the input bits into two channels (w = +1, dot = +-1,
// threshold dot >= 1). Input bits [0 1 0 1]. Pool kw = 2, stride 2, padding 1 both sides:
// windows [pad a0], [a1 a2], [a3 pad]. Channel 0 ORs: [0, 1, 1]; channel 1 ANDs: [0, 0, 1].
TEST(EmulatorHand, PoolingOrAndWithPadding) {
  ir::Program p;
  p.input.shape = {1, 4};
  p.input.compare.assign(4, cmp(Kind::Ge, 0));
  ir::Layer l;
  l.geom.cin = 1, l.geom.iw = 4, l.geom.cout = 2, l.geom.ow = 4;
  l.weights = {1, 1};
  l.threshold = {cmp(Kind::Ge, 1), cmp(Kind::Ge, 1)};
  l.pool.enabled = true;
  l.pool.kw = 2, l.pool.sw = 2, l.pool.pad_left = 1, l.pool.pad_right = 1;
  l.pool.ow = 3;
  l.pool.use_or = {1, 0};
  p.layers.push_back(l);
  p.output_shape = {6};
  RunResult r = runBoth(p, {-1, 1, -1, 1}, 1);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{-1, 1, 1, -1, -1, 1}));
  EXPECT_EQ(test::plain(r.predictions), std::vector<int64_t>{1});
}

TEST(EmulatorHand, SeveralSamplesKeepTheirOrder) {
  ir::Program p = conv1x3(ir::Layer::Output::Affine);
  p.layers[0].scale = {1}, p.layers[0].offset = {0};
  // Sample 1 is sample 0 negated: every bit flips, so every dot changes sign.
  RunResult r = runBoth(p, {0.5f, -1, 2, -3, -0.5f, 1, -2, 3}, 2);
  EXPECT_EQ(r.samples, 2);
  EXPECT_EQ(r.classes, 4);
  EXPECT_EQ(test::plain(r.outputs), (std::vector<float>{2, -1, 1, 0, -2, 1, -1, 0}));
  EXPECT_EQ(test::plain(r.predictions), (std::vector<int64_t>{0, 1}));
}

} // namespace
} // namespace bnnc::emulator
