// The oracle of the brute-force batch-norm fold tests: ONNX's float32 arithmetic, written here
// independently of the pass (which finds thresholds by bisection on the interpreter's kernels).
#pragma once

#include "unit/passes/graph_util.h"

#include <random>
#include <string>

namespace bnnc::test {

// The binarizer after the batch norm: ONNX Sign (0 maps to +1 on the chip, the tie policy),
// Where(GreaterOrEqual(y, t)) or Where(Greater(y, t)).
enum class Binarizer { Sign, GreaterOrEqual, Greater };

struct FoldCase {
  BatchNorm bn;
  Binarizer binarizer = Binarizer::Sign;
  double t = 0; // the compare's constant (float32)
};

// BatchNormalization of one float32 value for channel c, in the order of onnxruntime's and
// PyTorch's CPU kernels: a = gamma / sqrt(var + eps), b = beta - mean * a, y = x * a + b.
float batchNorm(const BatchNorm &bn, size_t c, float x);
float batchNormScale(const BatchNorm &bn, size_t c); // a
// The chip's bit for the value entering the binarizer.
bool binarize(const FoldCase &f, float y);

// Random parameters for `channels` channels whose thresholds fall in [-range, range]: ordinary
// channels, gamma = 0 with beta < 0, = 0 and > 0, negative gammas, a tiny gamma (a constant
// within the range), exact ties (y = 0 exactly at a value of `ties`, chosen by the caller) and
// values one float32 step either side of a tie. Every number is a float32 value.
FoldCase randomFoldCase(std::mt19937_64 &rng, size_t channels, double range,
                        const std::vector<float> &ties);

// x -> [input binarizer] -> MatMul W[K, N] -> BatchNormalization -> binarizer -> MatMul W2[N, 1].
// A binary input (`binary_input`) is Where(x >= 0, 1, -1); else the first layer reads x
// bit-serially.
ir::Graph foldModel(const FoldCase &f, const std::vector<double> &w, int64_t k, bool binary_input);

} // namespace bnnc::test
