// Internal interfaces of the lower-to-program pass, one file each:
//   linear.cpp         a Conv / Gemm / MatMul node -> geometry, binary weights, per-channel affine
//   channel_chain.cpp  the per-channel elementwise ops between a linear op and its binarizer
//   threshold.cpp      binarizer(chain(pre)) -> a Compare per channel; pool modes; output affine
//   input_stage.cpp    the raw input -> comparator or bit-serial input stage
//   lower.cpp          the walk along the graph that ties them together
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/ir/program.h"
#include "bnnc/passes/passes.h"

#include <string>
#include <vector>

namespace bnnc::passes {

// A linear op lowered to binary weights. Its real output for channel c is
//   y_c = gemm_alpha * (pre_scale[c] * pre) + bias[c]
// where pre is the layer's pre-activation (program.h), pre_scale folds the weights' per-channel
// scale (+-alpha_c weights) and the input activation's scale (a binarizer's +-s), and bias is the
// Conv bias or Gemm's beta * C. ChainEvaluator rounds each step to float32 as the interpreter does.
struct LinearLayer {
  ir::ConvGeometry geom;
  std::vector<uint8_t> weights; // [cout][fanIn] bits
  std::vector<double> pre_scale, bias;
  double gemm_alpha = 1;
  int64_t out_rank = 2; // rank of the op's output tensor (batch included): 2 dense, 3 or 4 conv
};

// `input_scale` is the +-s of the activation read (1 for a bit-serial input).
LinearLayer lowerLinear(const ir::Graph &graph, const ir::Node &node, double input_scale);

// The per-channel ops after a linear op: [pre_pool...] [MaxPool] [post_pool...] [Binarize].
struct ChannelChain {
  std::vector<const ir::Node *> pre_pool, post_pool;
  const ir::Node *pool = nullptr;
  const ir::Node *binarize = nullptr; // null on the output layer
  std::string out;                    // the value the chain ends at
};

// Follows single consumers from `value` while they are elementwise ops with constant operands
// (Add, Sub, Mul, Div, Neg, BatchNormalization, Clip, Relu), at most one MaxPool (when
// `allow_pool`), up to a Binarize or to a node that is none of these.
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
  const ir::Graph &graph_;
  const LinearLayer *linear_;
  const ChannelChain &chain_;
  ir::Shape shape_;
};

// The probe shape after a linear op: [1, C, 1...] with the op's output rank.
ir::Shape channelProbeShape(const LinearLayer &linear);

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

// The input stage. `first` is the value the first linear op reads (set on return) and
// `input_scale` its activation scale.
ir::InputStage lowerInput(const ir::Graph &graph, PassContext &ctx, std::string &first,
                          double &input_scale);

// Shape of a value (batch included); throws if unknown.
const ir::Shape &shapeOf(const ir::Graph &graph, const std::string &value);
// The only node reading `value`; errors name `from` when there are several.
const ir::Node *soleConsumer(const ir::Graph &graph, const std::string &value);
// Skips ops that only reshape (Flatten, Reshape, Squeeze, Unsqueeze, a Transpose that moves only
// size-1 axes): C x H x W order is kept, so they are free on the chip.
std::string skipLayout(const ir::Graph &graph, std::string value);

} // namespace bnnc::passes
