// verifyProgram: each chain invariant of a layer program, on a two-layer dense program.
#include "bnnc/ir/verify.h"

#include <gtest/gtest.h>

namespace bnnc::ir {
namespace {

Layer dense(const std::string &name, int64_t in, int64_t out) {
  Layer l;
  l.name = name;
  l.geom.cin = in;
  l.geom.cout = out;
  return l;
}

// 4 comparator inputs -> fc1 (4 -> 3, threshold) -> fc2 (3 -> 2, scores) -> Softmax
Program twoLayers() {
  Program p;
  p.input.shape = {4};
  p.input.compare.resize(4);
  p.layers = {dense("fc1", 4, 3), dense("fc2", 3, 2)};
  p.layers[1].output = Layer::Output::Affine;
  p.final = Program::Final::Softmax;
  p.output_shape = {2};
  return p;
}

TEST(VerifyProgram, AcceptsAConsistentChain) {
  EXPECT_EQ(verifyProgram(twoLayers()), std::nullopt);
  Program argmax = twoLayers();
  argmax.final = Program::Final::ArgMax;
  argmax.output_shape = {1};
  EXPECT_EQ(verifyProgram(argmax), std::nullopt);
}

TEST(VerifyProgram, NamesTheFirstBrokenInvariant) {
  Program p = twoLayers();
  p.layers.clear();
  EXPECT_EQ(verifyProgram(p), "the program has no layers");
  p = twoLayers();
  p.layers[1].geom.cin = 5;
  EXPECT_EQ(verifyProgram(p), "layer 1 'fc2' reads 5 values, the previous layer outputs 3");
  p = twoLayers();
  p.input.compare.resize(3);
  EXPECT_EQ(verifyProgram(p), "the input stage has 3 comparators for 4 input elements");
  p = twoLayers();
  p.input.kind = InputStage::Kind::BitSerial;
  p.input.bits = 0;
  EXPECT_EQ(verifyProgram(p), "the bit-serial input has 0 bits, not 1 to 31");
  p.input.bits = 8;
  EXPECT_EQ(verifyProgram(p), "layer 0 'fc1' must read its input as bit-planes");
  p = twoLayers();
  p.layers[0].output = Layer::Output::Affine;
  EXPECT_EQ(verifyProgram(p),
            "layer 0 'fc1' outputs scores, so it must be the last layer and not pool");
  p = twoLayers();
  p.output_shape = {3};
  EXPECT_EQ(verifyProgram(p), "the output shape has 3 elements, the program outputs 2");
}

} // namespace
} // namespace bnnc::ir
