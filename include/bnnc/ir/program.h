// The layer program: what the passes lower the graph IR to, what the mapper places on tiles and
// what the chip image stores. It is a chain: an input stage, then layers, then an optional final
// stage applied to the last layer's scores: Softmax, LogSoftmax, or ArgMax (the model outputs
// the index of the first maximum score, as TopK(k = 1) and ArgMax do).
//
// Encoding: +1 is bit 1, -1 is bit 0. Every layer is a 2-D convolution over a C x H x W input
// (a dense layer is the case H = W = kh = kw = 1; a 1-D convolution has H = kh = 1). The fan-in
// index of weight (c, ky, kx) is (c * kh + ky) * kw + kx, the one im2col order used everywhere.
// Activations are stored in C x H x W order, which is also ONNX's Flatten order, so Flatten and
// Reshape between layers are free.
#pragma once

#include "bnnc/ir/tensor.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::ir {

// One output bit from a pre-activation value v: Ge -> v >= t, Le -> v <= t, Zero / One constant.
struct Compare {
  enum class Kind : uint8_t { Ge = 0, Le = 1, Zero = 2, One = 3 };
  Kind kind = Kind::Ge;
  double t = 0;
  bool eval(double v) const {
    switch (kind) {
    case Kind::Ge:
      return v >= t;
    case Kind::Le:
      return v <= t;
    case Kind::Zero:
      return false;
    case Kind::One:
      return true;
    }
    return false;
  }
  bool operator==(const Compare &o) const { return kind == o.kind && t == o.t; }
};

// How raw input values (float32, batch first) become the bits the first layer reads.
struct InputStage {
  enum class Kind : uint8_t { Comparator = 0, BitSerial = 1 };
  Kind kind = Kind::Comparator;
  Shape shape; // one sample, batch excluded, e.g. {1, 28, 28}
  // Comparator: bit[i] = compare[i].eval(x[i]) (one entry per input element).
  std::vector<Compare> compare;
  // BitSerial: the first layer reads the values lo + q * step(), q in [0, 2^bits - 1], fed as
  // bit-planes. Without `levels` (the --input-bits/--input-range form) the raw input is that
  // value: q = clamp(round((x - lo) / step)) (quantize). With `levels` (a quantizer in the model,
  // after ops on the raw input) q is a multi-threshold comparison of the raw x: the number of
  // true Compares among the level_count of x's group, groups being one for all elements, one per
  // channel (shape[0] of them) or one per element.
  int bits = 0;
  double lo = 0, hi = 1;
  int64_t level_groups = 0, level_count = 0;
  std::vector<Compare> levels; // [level_groups][level_count]
  double step() const { return (hi - lo) / double((int64_t(1) << bits) - 1); }
  // The group of input element i (level_groups is 1, shape[0] or numel(shape)).
  int64_t levelGroup(int64_t i) const {
    int64_t n = numel(shape);
    return level_groups == 1 ? 0 : level_groups == n ? i : i / (n / level_groups);
  }
  // q of raw value x of element i (BitSerial). Rounding is half away from zero; the scaled value
  // is clamped before rounding, which gives the same q for every finite x (the bounds are
  // integers and rounding is monotone); NaN gives 0.
  uint32_t quantize(double x, int64_t i) const {
    if (level_groups > 0) {
      const Compare *c = &levels[size_t(levelGroup(i) * level_count)];
      uint32_t q = 0;
      for (int64_t j = 0; j < level_count; ++j)
        q += c[j].eval(x);
      return q;
    }
    double qmax = double((int64_t(1) << bits) - 1), v = (x - lo) / step();
    if (!(v > 0))
      return 0;
    return v >= qmax ? uint32_t(qmax) : uint32_t(std::lround(v));
  }
};

struct ConvGeometry {
  int64_t cin = 0, ih = 1, iw = 1;
  int64_t cout = 0, oh = 1, ow = 1;
  int64_t kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t fanIn() const { return cin * kh * kw; }
  int64_t positions() const { return oh * ow; }
  bool operator==(const ConvGeometry &) const = default;
};

// Max pooling on a layer's output bits. A padded window position is ignored (ONNX pads MaxPool
// with -inf). Per channel, use_or = 1 takes the OR of the window's bits, 0 the AND: max pooling
// before a decreasing threshold (gamma < 0) is an AND on the bits.
struct Pooling {
  bool enabled = false;
  int64_t kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t oh = 1, ow = 1;
  std::vector<uint8_t> use_or; // one per channel
  bool operator==(const Pooling &) const = default;
};

// Weights (docs/architecture.md, "Multi-bit weights"): a layer of weight_bits = k stores k planes
// of +-1 digits d_i (bit 1 = +1), plane i of weight (c, j) at weights[(i * cout + c) * fanIn + j].
// The weight is the integer w = D + e_c with D = sum_i 2^i d_i (an odd integer in
// [-(2^k - 1), 2^k - 1]) and e_c the channel's weight_offset (0 when the vector is empty); a binary
// layer (k = 1, e = 0) holds w = d = +-1. The model's real weight is sigma_c * w, sigma_c folded
// into the thresholds or the output affine.
//
// Pre-activation of output channel c at one position, over the active (not padded) inputs j
// (x: the input bits, mask: the active ones, w_i: plane i's digit bits, Keff: active inputs):
//  - binary input (+-1 activations a): pre = sum_j a_j w_j, an integer,
//      = sum_i 2^i (Keff - 2 popcount((x XOR w_i) AND mask)) + e_c (2 popcount(x AND mask) - Keff);
//    for a binary layer, Keff - 2 popcount((x XOR w) AND mask);
//  - bit-serial input (values lo + step * q, q = sum_b 2^b q_b in [0, 2^bits): the input stage's
//    for layer 0, the previous layer's output levels otherwise, Program::inputOf):
//    pre = lo * A + step * S with A = sum_j w_j and S = sum_j q_j w_j, the integer
//      S = sum_i sum_b 2^(i+b) (2 popcount(q_b AND w_i AND mask) - popcount(q_b AND mask))
//          + e_c sum_b 2^b popcount(q_b AND mask),
//    one array pass per input plane b and weight plane i.
// Output of a Threshold layer: output_bits = 1, bit = threshold[c].eval(pre) (+1 is bit 1); or
// output_bits = b > 1, the code q = #{j : levels[c * n + j].eval(pre)} with n = levelCount() <=
// 2^b - 1 comparisons per channel (monotone in one direction), read by the next layer as
// output_lo + output_step * q. Max pooling takes, per channel, the larger (use_or = 1: OR of bits)
// or the smaller (AND) code.
struct Layer {
  std::string name;      // name of the source node (the Conv, Gemm or MatMul)
  std::string source_op; // its op type
  ConvGeometry geom;
  bool bit_serial_input = false; // reads a multi-bit input (Program::inputOf)
  int weight_bits = 1;
  std::vector<uint8_t> weights;       // [weight_bits][cout][fanIn] digit bits, 1 = +1
  std::vector<int64_t> weight_offset; // e_c per output channel, or empty (all 0)

  enum class Output : uint8_t { Threshold = 0, Affine = 1 };
  Output output = Output::Threshold;
  std::vector<Compare> threshold; // Threshold, output_bits = 1: one per output channel, on pre
  int output_bits = 1;            // Threshold: bits of the output code
  std::vector<Compare> levels;    // output_bits > 1: [cout][levelCount()] on pre
  double output_lo = 0, output_step = 1; // output_bits > 1: the values the codes stand for
  std::vector<double> scale, offset;     // Affine: score[c] = scale[c] * pre + offset[c]
  Pooling pool;                          // only on Threshold layers

  int64_t outChannels() const { return geom.cout; }
  int64_t outH() const { return pool.enabled ? pool.oh : geom.oh; }
  int64_t outW() const { return pool.enabled ? pool.ow : geom.ow; }
  int64_t outSize() const { return geom.cout * outH() * outW(); }
  // Rows of weights the arrays hold: one per neuron and weight plane.
  int64_t weightRows() const { return geom.cout * weight_bits; }
  int64_t offsetOf(int64_t c) const { return weight_offset.empty() ? 0 : weight_offset[size_t(c)]; }
  // The integer weight (c, j) (see above).
  int64_t weightValue(int64_t c, int64_t j) const;
  // Anything beyond +-1 weights and one output bit (a 1-bit layer with offsets holds {0, 2}...).
  bool multiBit() const { return weight_bits > 1 || !weight_offset.empty() || output_bits > 1; }
  // Comparisons per channel of a multi-bit output (0 for one bit).
  int64_t levelCount() const { return output_bits > 1 ? int64_t(levels.size()) / geom.cout : 0; }
};

// What a bit-serial layer reads: values lo + step * q over `bits` bit-planes.
struct SerialInput {
  int bits = 0;
  double lo = 0, step = 1;
};

struct Program {
  std::string model_name; // graph name, or the file stem
  std::string producer;   // exporter name and version from the ONNX file
  InputStage input;
  std::vector<Layer> layers;
  enum class Final : uint8_t { None = 0, Softmax = 1, LogSoftmax = 2, ArgMax = 3 };
  Final final = Final::None;
  int64_t final_axis = 1;
  Shape output_shape;             // one sample, batch excluded (one element with ArgMax)
  std::vector<std::string> notes; // for reports, e.g. "final Softmax preserves the argmax"

  // The input of bit-serial layer i: the input stage's for layer 0, else the previous layer's
  // output levels.
  SerialInput inputOf(size_t i) const;
  // Some layer has multi-bit weights, a multi-bit output, or reads one.
  bool multiBit() const;
};

} // namespace bnnc::ir
