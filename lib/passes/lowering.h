// Internal interfaces of the lower-to-program pass, one file each:
//   linear.cpp         a Conv / Gemm / MatMul node -> geometry, weights, per-channel affine
//   weight_planes.cpp  multi-bit weights -> digit planes and offsets
//   quantizer.cpp      multi-level quantizers: their values and the levels a layer reads
//   quantized_output.cpp  a layer ending at a multi-level quantizer -> multi-threshold levels
//   channel_chain.cpp  the per-channel elementwise ops between a linear op and its binarizer
//   threshold.cpp      binarizer(chain(pre)) -> a Compare per channel; pool modes; output affine
//   input_stage.cpp    the raw input -> comparator or bit-serial input stage
//   lower.cpp          the walk along the graph that ties them together
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/ir/program.h"
#include "bnnc/passes/passes.h"

#include <functional>
#include <string>
#include <vector>

namespace bnnc::passes {

// The two values a binarized activation takes, as mid + half * b with b in {-1, +1}: a bipolar
// binarizer's +-s is (0, s), FINN's {0, 1} activations are (1/2, 1/2). b = +1 is the `high` level
// of the Binarize (bit 1 on the chip); half < 0 when high < low. A bit-serial input is (0, 1):
// the layer's pre-activation already holds the input's values.
struct ActivationLevels {
  double mid = 0, half = 1;
};
ActivationLevels levelsOf(const ir::Node &binarize);

// A linear op lowered to binary weights. Its real output for channel c is
//   y_c = gemm_alpha * dot_c + bias[c],  dot_c = pre_scale[c] * pre + pre_offset[c]
// where pre is the layer's pre-activation (program.h) and dot_c the op's own sum of products,
// exact in double: with weights alpha_c * w (w = +-1) reading values mid + half * b,
//   dot_c = sum_k alpha_c w_k (mid + half b_k) = alpha_c half pre + alpha_c mid sum_k w_k,
// and bias is the Conv bias or Gemm's beta * C. FINN's XnorPopcountMatMul counts agreements of
// {0, 1} values, (sum_k (2v_k - 1) w_k + K) / 2 (see linear.cpp). ChainEvaluator rounds each step
// to float32 as the interpreter does.
struct LinearLayer {
  ir::ConvGeometry geom;
  int weight_bits = 1;
  std::vector<uint8_t> weights;       // [weight_bits][cout][fanIn] digit bits (program.h)
  std::vector<int64_t> weight_offset; // e_c, or empty (binary weights)
  // Multi-bit weights: the largest distance of a weight from its grid value, relative to its
  // channel's largest |w| (float32 rounding of scale x integer); 0 when exactly on the grid.
  double weight_grid_deviation = 0;
  std::vector<double> pre_scale, pre_offset, bias;
  double gemm_alpha = 1;
  int64_t out_rank = 2; // rank of the op's output tensor (batch included): 2 dense, 3 or 4 conv
};

// Conv, Gemm, MatMul and FINN's XnorPopcountMatMul.
bool isLinearOp(const ir::Node &node);
// Multi-bit weights (weight_planes.cpp): [cout][fanIn] float32 weights, each channel on an
// integer grid of at most 2^8 levels, into digit planes, offsets and the channels' scales
// (pre_scale); false when some channel is on no such grid.
bool splitWeightPlanes(const float *w, int64_t cout, int64_t fan_in, LinearLayer &out);
// The largest |w| of the layer's integer weights (program.h).
int64_t maxWeightMagnitude(const LinearLayer &layer);
// `levels` are those of the activation read ((0, 1) for a bit-serial input).
LinearLayer lowerLinear(const ir::Graph &graph, const ir::Node &node, ActivationLevels levels);

// The per-channel ops after a linear op: [pre_pool...] [MaxPool] [post_pool...] [Binarize], the
// steps being elementwise ops with constant operands and layout ops.
struct ChannelChain {
  std::vector<const ir::Node *> pre_pool, post_pool;
  const ir::Node *pool = nullptr;
  const ir::Node *binarize = nullptr; // null on the output layer
  std::string out;                    // the value the chain ends at
};

// Follows single consumers from `value` while they are elementwise ops with constant operands
// (Add, Sub, Mul, Div, Neg, BatchNormalization, Clip, Relu) or layout ops, at most one MaxPool
// (when `allow_pool`), up to a Binarize or to a node that is none of these.
ChannelChain collectChain(const ir::Graph &graph, const std::string &value, bool allow_pool);

// Evaluates a chain on probe values, one per element of a probe tensor: per channel after a
// linear op ([1, C, 1...], the op's output rank), or per input element for the input stage.
class ChainEvaluator {
public:
  // `linear` may be null (the input stage: the probe value enters the chain directly).
  ChainEvaluator(const ir::Graph &graph, const LinearLayer *linear, const ChannelChain &chain,
                 ir::Shape probe_shape);
  int64_t channels() const { return ir::numel(shape_); }
  const ir::Graph &graph() const { return graph_; }
  const ir::Node &binarizer() const { return *chain_.binarize; }
  // The value entering the pool (or the binarizer when there is no pool).
  ir::Tensor toPool(const std::vector<double> &pre) const;
  // The value entering the binarizer, from the value entering the pool.
  ir::Tensor fromPool(const ir::Tensor &pooled) const;
  // The binarizer's condition (1 = +scale) on the value entering it.
  std::vector<uint8_t> condition(const ir::Tensor &v) const;
  // True where the value entering the binarizer equals its threshold exactly.
  std::vector<uint8_t> atThreshold(const ir::Tensor &v) const;

private:
  ir::Tensor applySteps(const std::vector<const ir::Node *> &steps, ir::Tensor v) const;
  ir::Tensor throughLayout(const ir::Node &node, ir::Tensor v) const;
  const ir::Graph &graph_;
  const LinearLayer *linear_;
  const ChannelChain &chain_;
  ir::Shape shape_;
};

// The probe shape after a linear op: [1, C, 1...] with the op's output rank.
ir::Shape channelProbeShape(const LinearLayer &linear);

// A step function evaluated on one probe value per element: bit i of the result for value i.
using StepBits = std::function<std::vector<uint8_t>(const std::vector<double> &)>;
// Per element, the Compare equal to the monotone step `bits` over [-range, range]: over the
// integers when `integer`, else over the float32 values (bisection on their order). The boundary
// values (thresholds) are appended to `boundary` when it is not null.
std::vector<ir::Compare> bisectSteps(size_t n, const StepBits &bits, double range, bool integer,
                                     std::vector<double> *boundary = nullptr);
// Checks the Compares against `bits` on a grid over [-range, range]: a step function that is not
// monotone is an error naming `where`.
void checkSteps(size_t n, const StepBits &bits, const std::vector<ir::Compare> &cmp, double range,
                bool integer, const std::string &where);

// Per-channel Compare on the pre-activation, for pre in [-range, range]: integer pre-activations
// (binary input) when `integer`, float ones otherwise (bit-serial input). Warns through ctx when a
// Sign's input can be exactly 0 at a reachable pre-activation.
std::vector<ir::Compare> findThresholds(const ChainEvaluator &eval, double range, bool integer,
                                        PassContext &ctx);
// Per channel, 1 when max pooling acts as OR on the bits, 0 when as AND (a decreasing channel).
std::vector<uint8_t> poolModes(const ChainEvaluator &eval, double range);
// score = scale * pre + offset per channel, checked to be affine over [-range, range].
void fitAffine(const ChainEvaluator &eval, double range, const ir::Node &where,
               const ir::Graph &graph, std::vector<double> &scale, std::vector<double> &offset);

// Pooling geometry of a MaxPool node reading an activation of shape `in` (batch included).
ir::Pooling lowerPool(const ir::Graph &graph, const ir::Node &node, const ir::Shape &in);

// Multi-level quantizers (quantizer.cpp): a QONNX Quant of more than one bit or a
// MultiThreshold with several thresholds (two-level ones are Binarize nodes by then).
bool isMultiLevelQuantizer(const ir::Node *node);
// `count` evenly spaced values lo + j * step, j in [0, count): what a bit-serial layer reads.
struct ValueLevels {
  double lo = 0, step = 1;
  int64_t count = 0;
};
// The quantizer's output values in increasing order, computed as its kernel does in float32.
std::vector<double> quantizerValues(const ir::Graph &graph, const ir::Node &q);
// The index in `values` (quantizerValues) of every element of the quantizer's output for the
// input `in`: the code the comparators must give.
std::vector<int64_t> quantizerCodes(const ir::Graph &graph, const ir::Node &q, const ir::Tensor &in,
                                    const std::vector<double> &values);
// The values after the quantizer and the per-tensor ops of `after`, checked to be evenly spaced
// (a warning when only nearly so).
ValueLevels readLevels(const ir::Graph &graph, const ir::Node &q, const ChannelChain &after,
                       Diagnostics &diag);

// A layer whose chain ends at the multi-level quantizer `q` (quantized_output.cpp): its
// multi-threshold comparators, output levels and pooling go to `layer`; returns the value the
// next layer reads (after the per-tensor ops that follow the quantizer).
std::string lowerQuantizedOutput(const ir::Graph &graph, const ChainEvaluator &eval,
                                 const ChannelChain &chain, const ir::Node &q, double range,
                                 bool integer, ir::Layer &layer, PassContext &ctx);

// The input stage (input_stage.cpp). `first` is set to the value the first linear op reads and
// `levels` to the levels of that value (a binarized input's two levels, or (0, 1) when the
// first layer reads the input bit-serially).
ir::InputStage lowerInput(const ir::Graph &graph, PassContext &ctx, std::string &first,
                          ActivationLevels &levels);
// The bit-serial forms (input_levels.cpp): after(q(chain(x))) with q a multi-level quantizer,
// and a raw input through the per-tensor ops of `chain` quantized as the options say. `probe` is
// the shape of the value the chain starts from, `sample` the input's shape without the batch.
ir::InputStage quantizerStage(const ir::Graph &graph, const ChannelChain &chain, const ir::Node &q,
                              const ChannelChain &after, const ir::Shape &probe,
                              const ir::Shape &sample, PassContext &ctx);
// The smallest number of bit-planes (at least 1) that hold `levels` values.
int bitsFor(int64_t levels);
ir::InputStage flaggedStage(const ir::Graph &graph, const ChannelChain &chain,
                            const ir::Node *first, const ir::Shape &probe, const ir::Shape &sample,
                            PassContext &ctx);

// Shape of a value (batch included); throws if unknown.
const ir::Shape &shapeOf(const ir::Graph &graph, const std::string &value);
// The only node reading `value`; errors name `from` when there are several.
const ir::Node *soleConsumer(const ir::Graph &graph, const std::string &value);
// Ops that only reshape (Flatten, Reshape, Squeeze, Unsqueeze, Identity, a Transpose that moves
// only size-1 axes): the elements keep their order, so they are free on the chip.
bool isLayoutOp(const ir::Graph &graph, const ir::Node &node);
// Skips layout ops from `value` on.
std::string skipLayout(const ir::Graph &graph, std::string value);

} // namespace bnnc::passes
