// The per-channel elementwise ops between a linear op and its binarizer, and their evaluation.
//
// Rather than folding each op's formula by hand (a bias, a batch norm, a Clip, a scalar Mul...),
// the pass evaluates the chain itself, with the interpreter's own float32 kernels, on probe
// pre-activations: one probe value per channel, in a tensor shaped like the op's output with the
// batch and spatial axes of size 1. A constant that varies along spatial positions then fails to
// broadcast to that shape and is reported. Every op allowed here is monotone in its activation
// input, so binarizer(chain(pre)) is a step function of pre per channel (threshold.cpp).
//
// Layout ops (FINN's Unsqueeze -> BatchNormalization -> Squeeze around a dense layer's batch
// norm, a Reshape before the input's binarizer) keep the elements' order. A probe shaped like
// the real value goes through the op itself; a per-channel probe of a convolution keeps its one
// value per channel, on the axis of the output that holds the channels (throughLayout).
#include "bnnc/ir/interpreter.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"
#include "lowering.h"

#include <cmath>
#include <set>

namespace bnnc::passes {

namespace {

bool isChannelOp(const ir::Graph &graph, const ir::Node &node) {
  static const std::set<std::string> ops = {
      "Add", "Sub", "Mul", "Div", "Neg", "BatchNormalization", "Clip", "Relu"};
  if (!node.domain.empty() || !ops.count(node.op))
    return false;
  // Exactly one input is an activation; for Div it must be the dividend (x / c is monotone).
  int activations = 0;
  for (const std::string &in : node.inputs)
    activations += !in.empty() && !graph.constant(in);
  return activations == 1 && (node.op != "Div" || !graph.constant(node.inputs[0]));
}

// The name of a constant operand in messages: BatchNormalization's by their ONNX names.
std::string operandName(const ir::Node &node, size_t i) {
  static const char *bn[] = {"X", "scale", "B", "input_mean", "input_var"};
  if (node.op == "BatchNormalization" && i < 5)
    return bn[i];
  return "input " + std::to_string(i) + " ('" + node.inputs[i] + "')";
}

// A folded constant must be a real number: NaN (or an infinite statistic, bias or factor) would
// make the channel's threshold meaningless. Only Clip's bounds may be infinite (no bound); a
// variance must keep var + epsilon > 0 (its square root divides), a divisor must not be 0.
void checkConstants(const ir::Graph &graph, const ir::Node &node) {
  auto fail = [&](const std::string &what, int64_t at, double v, const std::string &why) {
    throw Error(graph.where(node) + ": error: " + what + " holds " + formatNumber(v) +
                " at index " + std::to_string(at) + "; " + why);
  };
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const ir::Tensor *t = node.inputs[i].empty() ? nullptr : graph.constant(node.inputs[i]);
    for (int64_t k = 0; t && k < t->numel(); ++k) {
      double v = t->data[size_t(k)];
      if (std::isnan(v) || (std::isinf(v) && node.op != "Clip"))
        fail(operandName(node, i), k, v, "it must be a finite number");
      if (node.op == "Div" && i == 1 && v == 0)
        fail(operandName(node, i), k, v, "a divisor must not be 0");
      if (node.op == "BatchNormalization" && i == 4 &&
          !(float(v) + float(node.attrFloat("epsilon", 1e-5)) > 0))
        fail(operandName(node, i), k, v, "variance + epsilon must be positive");
    }
  }
  for (const char *bound : {"min", "max"})
    if (node.op == "Clip" && std::isnan(node.attrFloat(bound, 0)))
      throw Error(graph.where(node) + ": error: attribute '" + bound + "' is nan");
}

ir::Node syntheticNode(const ir::Node &like, const char *op) {
  ir::Node n;
  n.name = like.name;
  n.index = like.index;
  n.op = op;
  n.inputs = {like.inputs[0], like.inputs[1]}; // value and threshold, evaluated on given tensors
  n.outputs = {like.outputs[0]};
  return n;
}

} // namespace

ChannelChain collectChain(const ir::Graph &graph, const std::string &value, bool allow_pool) {
  ChannelChain chain;
  chain.out = value;
  while (const ir::Node *node = soleConsumer(graph, chain.out)) {
    if (node->domain == kBnncDomain && node->op == kBinarizeOp) {
      if (const ir::Tensor *t = graph.constant(node->inputs[1]))
        for (size_t i = 0; i < t->data.size(); ++i)
          if (std::isnan(t->data[i]))
            throw Error(whereSource(graph, *node) + ": error: the binarizer's threshold is nan");
      chain.binarize = node;
    } else if (node->domain.empty() && node->op == "MaxPool" && allow_pool && !chain.pool) {
      chain.pool = node;
    } else if (isLayoutOp(graph, *node)) {
      (chain.pool ? chain.post_pool : chain.pre_pool).push_back(node);
    } else if (isChannelOp(graph, *node)) {
      checkConstants(graph, *node);
      (chain.pool ? chain.post_pool : chain.pre_pool).push_back(node);
    } else {
      break;
    }
    chain.out = node->outputs[0];
    if (chain.binarize)
      break;
  }
  return chain;
}

ChainEvaluator::ChainEvaluator(const ir::Graph &graph, const LinearLayer *linear,
                               const ChannelChain &chain, ir::Shape probe_shape)
    : graph_(graph), linear_(linear), chain_(chain), shape_(std::move(probe_shape)) {}

ir::Shape channelProbeShape(const LinearLayer &linear) {
  ir::Shape shape(static_cast<size_t>(linear.out_rank), 1);
  shape[1] = static_cast<int64_t>(linear.pre_scale.size());
  return shape;
}

ir::Tensor ChainEvaluator::toPool(const std::vector<double> &pre) const {
  // The linear op's own output as the interpreter computes it: the dot product exactly (an
  // affine function of pre, lowering.h), rounded to float32 once, times Gemm's alpha in float32,
  // plus the bias in float32. The input stage has no linear op: the probe is the input itself.
  std::vector<double> y(pre.size());
  for (size_t c = 0; c < pre.size(); ++c) {
    if (!linear_) {
      y[c] = static_cast<float>(pre[c]);
      continue;
    }
    float dot = static_cast<float>(linear_->pre_scale[c] * pre[c] + linear_->pre_offset[c]);
    float scaled = linear_->gemm_alpha == 1 ? dot : float(linear_->gemm_alpha) * dot;
    y[c] = scaled + static_cast<float>(linear_->bias[c]);
  }
  return applySteps(chain_.pre_pool, ir::Tensor(ir::DType::Float, shape_, y));
}

ir::Tensor ChainEvaluator::fromPool(const ir::Tensor &pooled) const {
  return applySteps(chain_.post_pool, pooled);
}

ir::Tensor ChainEvaluator::applySteps(const std::vector<const ir::Node *> &steps,
                                      ir::Tensor v) const {
  for (const ir::Node *node : steps) {
    if (isLayoutOp(graph_, *node)) {
      v = throughLayout(*node, std::move(v));
      continue;
    }
    std::vector<const ir::Tensor *> inputs;
    for (const std::string &in : node->inputs)
      inputs.push_back(in.empty() ? nullptr : graph_.constant(in) ? graph_.constant(in) : &v);
    ir::Tensor out = ir::evalNode(graph_, *node, inputs)[0];
    if (out.shape != v.shape)
      throw Error(graph_.where(*node) + ": error: a constant operand varies along positions (" +
                  ir::shapeString(out.shape) + " against " + ir::shapeString(v.shape) +
                  " per channel); bnnc folds per-channel constants only");
    v = std::move(out);
  }
  return v;
}

// The channel axis of the real input is the one whose size the probe has (the probe is 1
// elsewhere); the elements of channel c are a contiguous run of `inner` elements in both the input
// and the output, so the output's channel axis is the one of size C with `inner` elements after
// it. A layout op that merges channels with positions has no such axis.
ir::Tensor ChainEvaluator::throughLayout(const ir::Node &node, ir::Tensor v) const {
  const ir::Shape &in = shapeOf(graph_, node.inputs[0]), &out = shapeOf(graph_, node.outputs[0]);
  if (v.shape == in) {
    std::vector<const ir::Tensor *> inputs = {&v};
    for (size_t i = 1; i < node.inputs.size(); ++i)
      inputs.push_back(node.inputs[i].empty() ? nullptr : graph_.constant(node.inputs[i]));
    return ir::evalNode(graph_, node, inputs)[0];
  }
  int64_t c = v.numel(), inner = -1;
  if (c == 1) {
    v.shape.assign(out.size(), 1);
    return v;
  }
  for (size_t a = 0; a < v.shape.size() && a < in.size(); ++a)
    if (v.shape[a] == c && in[a] == c)
      inner = ir::numel(ir::Shape(in.begin() + long(a) + 1, in.end()));
  for (size_t a = 0; inner >= 0 && a < out.size(); ++a)
    if (out[a] == c && ir::numel(ir::Shape(out.begin() + long(a) + 1, out.end())) == inner) {
      v.shape.assign(out.size(), 1);
      v.shape[a] = c;
      return v;
    }
  throw Error(graph_.where(node) + ": error: reshapes " + ir::shapeString(in) + " to " +
              ir::shapeString(out) + " between a layer and its binarizer, mixing its " +
              std::to_string(c) +
              " channels with positions; bnnc folds per-channel ops only "
              "(reshape after the binarizer)");
}

std::vector<uint8_t> ChainEvaluator::condition(const ir::Tensor &v) const {
  const ir::Node &b = *chain_.binarize;
  ir::Node cmp = syntheticNode(b, b.attrInt("strict", 0) ? "Greater" : "GreaterOrEqual");
  ir::Tensor bits = ir::evalNode(graph_, cmp, {&v, graph_.constant(b.inputs[1])})[0];
  if (bits.shape != v.shape)
    throw Error(whereSource(graph_, b) +
                ": error: the binarizer's threshold varies along positions");
  return std::vector<uint8_t>(bits.data.as<uint8_t>(), bits.data.as<uint8_t>() + bits.numel());
}

std::vector<uint8_t> ChainEvaluator::atThreshold(const ir::Tensor &v) const {
  const ir::Node &b = *chain_.binarize;
  ir::Node eq = syntheticNode(b, "Equal");
  ir::Tensor bits = ir::evalNode(graph_, eq, {&v, graph_.constant(b.inputs[1])})[0];
  return std::vector<uint8_t>(bits.data.as<uint8_t>(), bits.data.as<uint8_t>() + bits.numel());
}

} // namespace bnnc::passes
