// Random layer programs for testing runChip against the naive reference: dense and convolution
// layers (1-D and 2-D, asymmetric padding, stride, dilation), pooling with OR and AND channels,
// every Compare kind, comparator and bit-serial inputs, affine last layers and final stages;
// optionally multi-bit weights and activations.
#pragma once

#include "bnnc/emulator/emulator.h"
#include "bnnc/image/image.h"
#include "bnnc/ir/program.h"

#include <bit>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace bnnc::emulator::test {

// A result's outputs or predictions as a plain vector, to compare with a literal.
template <class T> std::vector<T> plain(const UninitializedVector<T> &v) {
  return {v.begin(), v.end()};
}

// Float outputs compared by their bits (EXPECT_EQ on floats would accept -0 == 0).
inline std::vector<uint32_t> floatBits(std::span<const float> v) {
  std::vector<uint32_t> out;
  for (float f : v)
    out.push_back(std::bit_cast<uint32_t>(f));
  return out;
}

// A small architecture (16 x 24 tiles) so that layers span several row and column blocks.
mapping::Arch smallArch();

// What randomProgram draws. With `multi_bit`, layers of 1 to 4 weight bits (with or without
// per-channel offsets) and threshold layers with 2- or 3-bit output codes, read bit-serially by
// the next layer. Layers have 1 to max_cout neurons (more than 256: several neuron blocks). A
// layer has offsets when a coin flip per channel comes up every time (small layers), or with
// `offsets_often` on one coin flip per layer.
struct RandomShape {
  bool multi_bit = false;
  int64_t max_cout = 40;
  bool offsets_often = false;
};
ir::Program randomProgram(std::mt19937_64 &rng, const RandomShape &shape);
inline ir::Program randomProgram(std::mt19937_64 &rng, bool multi_bit = false) {
  return randomProgram(rng, RandomShape{multi_bit});
}

// Inputs for `count` samples: random values around the input stage's range, with exact
// comparator thresholds and quantization midpoints mixed in to exercise ties.
std::vector<float> randomInputs(const ir::Program &program, int64_t count, std::mt19937_64 &rng);

// The chip image of `program` as the mapper places it on `arch`.
image::ChipImage makeImage(const ir::Program &program, const mapping::Arch &arch);

// One run the way bnnc run makes it: prepare(image, simd), bind(plan, *chip) when `chip` is set
// (options.chip is replaced by the binding), run.
RunResult runChip(const image::ChipImage &image, const std::vector<float> &x, int64_t count,
                  RunOptions options, const device::VirtualChip *chip = nullptr,
                  Simd simd = Simd::Auto);

} // namespace bnnc::emulator::test
