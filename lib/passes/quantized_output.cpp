// A layer whose output is a multi-level quantizer (a k-bit QONNX Quant, a FINN MultiThreshold
// with several thresholds): the periphery's multi-threshold comparator turns the pre-activation
// into a code q in [0, L), and the next layer reads the quantizer's evenly spaced values
// lo + step * q bit-serially (program.h).
//
// The code is a step function of pre per channel: the chain before the quantizer is monotone
// (channel_chain.cpp) and so is the quantizer. Comparator j (1 <= j < L) is level(pre) >= j,
// found, like a binarizer's threshold, by bisection on the model's own float32 evaluation of the
// chain and the quantizer (threshold.cpp), over the integers for a binary input and over the
// float32 values for a bit-serial one. Thresholds stay integers where pre is one, derived from
// the float chain exactly as for one bit.
#include "bnnc/ir/interpreter.h"
#include "bnnc/support/error.h"
#include "lowering.h"

#include <algorithm>
#include <functional>

namespace bnnc::passes {

namespace {

// The level index of every element of the quantizer's input `in`.
std::vector<int64_t> levelsOf(const ir::Graph &graph, const ir::Node &q, const ir::Tensor &in,
                              const std::vector<double> &values) {
  std::vector<const ir::Tensor *> args = {&in};
  for (size_t i = 1; i < q.inputs.size(); ++i)
    args.push_back(graph.constant(q.inputs[i]));
  ir::Tensor y = ir::evalNode(graph, q, args)[0];
  std::vector<int64_t> l(y.data.size());
  for (size_t i = 0; i < l.size(); ++i)
    l[i] = std::lower_bound(values.begin(), values.end(), y.data[i]) - values.begin();
  return l;
}

// Per channel, 1 when max pooling before the quantizer is a max of the codes (the code grows
// with the pooled value), 0 when a min.
std::vector<uint8_t>
codePoolModes(const ChainEvaluator &eval, double range,
              const std::function<std::vector<int64_t>(const ir::Tensor &)> &level) {
  ir::Tensor y_lo = eval.toPool(std::vector<double>(size_t(eval.channels()), -range));
  ir::Tensor y_hi = eval.toPool(std::vector<double>(size_t(eval.channels()), range));
  std::vector<int64_t> h_lo = level(eval.fromPool(y_lo)), h_hi = level(eval.fromPool(y_hi));
  std::vector<uint8_t> use_max(h_lo.size());
  for (size_t c = 0; c < use_max.size(); ++c) {
    int dir_y = (y_hi.data[c] > y_lo.data[c]) - (y_hi.data[c] < y_lo.data[c]);
    int dir_h = (h_hi[c] > h_lo[c]) - (h_hi[c] < h_lo[c]);
    use_max[c] = dir_y * dir_h >= 0;
  }
  return use_max;
}

} // namespace

std::string lowerQuantizedOutput(const ir::Graph &graph, const ChainEvaluator &eval,
                                 const ChannelChain &chain, const ir::Node &q, double range,
                                 bool integer, ir::Layer &layer, PassContext &ctx) {
  std::vector<double> values = quantizerValues(graph, q);
  ChannelChain after = collectChain(graph, q.outputs[0], false);
  if (after.binarize)
    throw Error(graph.where(*after.binarize) +
                ": error: a binarizer after a multi-bit quantizer is not supported");
  ValueLevels read = readLevels(graph, q, after, ctx.diag);
  if (read.count > 256)
    throw Error(graph.where(q) + ": error: " + std::to_string(read.count) +
                " activation levels; bnnc compiles activations of at most 8 bits");
  auto level = [&](const ir::Tensor &in) { return levelsOf(graph, q, in, values); };
  size_t n = size_t(eval.channels());
  std::vector<std::vector<ir::Compare>> per_level;
  for (int64_t j = 1; j < read.count; ++j) {
    StepBits bits = [&](const std::vector<double> &pre) {
      std::vector<int64_t> l = level(eval.fromPool(eval.toPool(pre)));
      std::vector<uint8_t> b(l.size());
      for (size_t c = 0; c < l.size(); ++c)
        b[c] = l[c] >= j;
      return b;
    };
    per_level.push_back(bisectSteps(n, bits, range, integer));
    checkSteps(n, bits, per_level.back(), range, integer, graph.where(q));
  }
  layer.output_bits = bitsFor(read.count);
  layer.output_lo = read.lo;
  layer.output_step = read.step;
  layer.levels.clear();
  for (size_t c = 0; c < n; ++c)
    for (const std::vector<ir::Compare> &cmp : per_level)
      layer.levels.push_back(cmp[c]);
  if (chain.pool) {
    layer.pool = lowerPool(graph, *chain.pool, shapeOf(graph, chain.pool->inputs[0]));
    layer.pool.use_or = codePoolModes(eval, range, level);
  }
  ctx.role(q.name, "multi-threshold comparator: " + std::to_string(read.count) + " levels, " +
                       std::to_string(layer.output_bits) + " bits read bit-serially next");
  for (const ir::Node *step : after.pre_pool)
    ctx.role(step->name, "folded into the levels the next layer reads");
  return after.out;
}

} // namespace bnnc::passes
