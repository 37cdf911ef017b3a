// The bit-serial input stages: the first layer reads evenly spaced values lo + q * step over
// ceil(log2 levels) bit-planes, where q comes from the raw input (input_stage.cpp says which form
// a model has):
//  - an input quantizer in the model (QONNX Quant, a multi-threshold MultiThreshold), possibly
//    after elementwise ops and followed by per-tensor ops: the values are the quantizer's, through
//    those ops; q is the number of level comparators the raw value passes, each found by
//    bisection (threshold.cpp) on the chain and the quantizer as the model evaluates them;
//  - a raw input quantized as --input-bits and --input-range say, possibly through per-tensor
//    affine ops (Div 255, Mul, Sub): q is the flags' rounding of the raw value (as level
//    comparators when ops are folded), the values what the ops make of the grid points.
#include "bnnc/ir/interpreter.h"
#include "bnnc/ir/quant.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"
#include "lowering.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace bnnc::passes {

namespace {

// Stores per-element Compares [n][count] in the fewest groups that hold them exactly: one for
// all elements, one per channel (shape[0]) or one per element.
void groupLevels(ir::InputStage &stage, const std::vector<std::vector<ir::Compare>> &per_level) {
  int64_t n = ir::numel(stage.shape), count = int64_t(per_level.size());
  auto same = [&](int64_t a, int64_t b) {
    for (int64_t j = 0; j < count; ++j)
      if (!(per_level[size_t(j)][size_t(a)] == per_level[size_t(j)][size_t(b)]))
        return false;
    return true;
  };
  int64_t channels = stage.shape.size() > 1 ? stage.shape[0] : n;
  for (int64_t groups : {int64_t(1), channels, n}) {
    bool fits = true;
    for (int64_t i = 0; fits && i < n; ++i)
      fits = same(i, (i / (n / groups)) * (n / groups));
    if (!fits)
      continue;
    stage.level_groups = groups, stage.level_count = count;
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t j = 0; j < count; ++j)
        stage.levels.push_back(per_level[size_t(j)][size_t(g * (n / groups))]);
    return;
  }
}

// One Compare per element and level boundary j = 1..count-1: level(x) >= j.
void findLevels(ir::InputStage &stage, int64_t count, const std::string &where,
                const std::function<std::vector<int64_t>(const std::vector<double> &)> &level) {
  size_t n = size_t(ir::numel(stage.shape));
  std::vector<std::vector<ir::Compare>> per_level;
  for (int64_t j = 1; j < count; ++j) {
    StepBits bits = [&](const std::vector<double> &x) {
      std::vector<int64_t> l = level(x);
      std::vector<uint8_t> b(l.size());
      for (size_t i = 0; i < l.size(); ++i)
        b[i] = l[i] >= j;
      return b;
    };
    per_level.push_back(bisectSteps(n, bits, FLT_MAX, false));
    checkSteps(n, bits, per_level.back(), FLT_MAX, false, where);
  }
  groupLevels(stage, per_level);
}

ir::InputStage bitSerialStage(const ir::Shape &sample, const ValueLevels &v) {
  ir::InputStage stage;
  stage.kind = ir::InputStage::Kind::BitSerial;
  stage.shape = sample;
  stage.bits = bitsFor(v.count);
  stage.lo = v.lo;
  stage.hi = v.lo + double((int64_t(1) << stage.bits) - 1) * v.step;
  return stage;
}

} // namespace

int bitsFor(int64_t levels) {
  int bits = 1;
  while ((int64_t(1) << bits) < levels)
    ++bits;
  return bits;
}

// after(quantizer(chain(x))): the chain and the quantizer as the model evaluates them, level
// indices read back from the quantizer's values.
ir::InputStage quantizerStage(const ir::Graph &graph, const ChannelChain &chain, const ir::Node &q,
                              const ChannelChain &after, const ir::Shape &probe,
                              const ir::Shape &sample, PassContext &ctx) {
  std::vector<double> raw = quantizerValues(graph, q);
  ValueLevels v = readLevels(graph, q, after, ctx.diag);
  ir::InputStage stage = bitSerialStage(sample, v);
  if (stage.step() != v.step)
    throw Error(graph.where(q) + ": error: the quantizer's step " + formatNumber(v.step) +
                " is not exact over " + std::to_string(stage.bits) + " bit-planes");
  ChainEvaluator eval(graph, nullptr, chain, probe);
  auto level = [&](const std::vector<double> &x) {
    return quantizerCodes(graph, q, eval.fromPool(eval.toPool(x)), raw);
  };
  findLevels(stage, v.count, graph.where(q), level);
  for (const ir::Node *n : chain.pre_pool)
    ctx.role(n->name, "input: folded into the input quantizer's comparators");
  for (const ir::Node *n : after.pre_pool)
    ctx.role(n->name, "input: folded into the values the first layer reads");
  ctx.role(q.name, "input quantizer: " + std::to_string(v.count) + " levels, " +
                       std::to_string(stage.bits) + " bit-planes, comparators per level");
  return stage;
}

namespace {

[[noreturn]] void missingQuantization(const ir::Graph &graph, const ir::Node *first,
                                      const ChannelChain &chain) {
  bool div255 = false;
  for (const ir::Node *n : chain.pre_pool) {
    double c = 0;
    div255 |= n->op == "Div" && constantScalar(graph, n->inputs[1], c) && c == 255;
  }
  std::string flags = div255 ? "--input-bits 8 --input-range 0,255 (the model divides by 255: "
                               "0..255 integers)"
                             : "--input-bits 8 --input-range 0,1 (8-bit data k/255)";
  throw Error((first ? graph.where(*first) : graph.source) +
              ": error: the first layer reads the raw input, which is not binarized and has no "
              "quantizer in the model; give the quantization of the data with --input-bits N "
              "and --input-range LO,HI, e.g. " +
              flags);
}

} // namespace

// The raw input through per-tensor affine ops into the first linear op, quantized as the flags
// say: q from the raw x (the flags' grid), the values the ops make of the grid points.
ir::InputStage flaggedStage(const ir::Graph &graph, const ChannelChain &chain,
                            const ir::Node *first, const ir::Shape &probe, const ir::Shape &sample,
                            PassContext &ctx) {
  const CompileOptions &o = ctx.options;
  if (!o.input_bits || !o.input_lo || !o.input_hi)
    missingQuantization(graph, first, chain);
  if (*o.input_bits < 1 || *o.input_bits > 16)
    throw Error("--input-bits: error: must be between 1 and 16, got " +
                std::to_string(*o.input_bits));
  if (!(*o.input_lo < *o.input_hi) || !std::isfinite(*o.input_lo) || !std::isfinite(*o.input_hi))
    throw Error("--input-range: error: needs finite LO < HI, got " + formatNumber(*o.input_lo) +
                "," + formatNumber(*o.input_hi));
  ir::InputStage raw = bitSerialStage(sample, {*o.input_lo, 0, int64_t(1) << *o.input_bits});
  raw.hi = *o.input_hi;
  if (chain.pre_pool.empty())
    return raw;
  // v(q) = chain(lo + q * step), checked to be the same for every element and affine in q.
  ChainEvaluator eval(graph, nullptr, chain, probe);
  size_t n = size_t(ir::numel(probe));
  int64_t qmax = (int64_t(1) << raw.bits) - 1;
  auto value = [&](int64_t q) {
    ir::Tensor v = eval.fromPool(
        eval.toPool(std::vector<double>(n, double(float(raw.lo + double(q) * raw.step())))));
    for (size_t i = 1; i < v.data.size(); ++i)
      if (v.data[i] != v.data[0])
        throw Error(graph.where(*chain.pre_pool[0]) +
                    ": error: the ops on the raw input differ between elements; bnnc folds "
                    "per-tensor affine ops into a bit-serial input (per-channel ones need a "
                    "quantizer in the model)");
    return v.data[0];
  };
  double v0 = value(0), step = (value(qmax) - v0) / double(qmax);
  for (int64_t q : {int64_t(1), qmax / 2, qmax - 1})
    if (!(std::fabs(value(q) - (v0 + double(q) * step)) <=
          1e-6 * (std::fabs(v0) + std::fabs(step) * double(qmax))))
      throw Error(graph.where(*chain.pre_pool[0]) +
                  ": error: the ops on the raw input are not an affine function of it");
  ir::InputStage stage = bitSerialStage(sample, {v0, step, qmax + 1});
  auto level = [&](const std::vector<double> &x) {
    std::vector<int64_t> l(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      l[i] = raw.quantize(x[i], int64_t(i));
    return l;
  };
  findLevels(stage, qmax + 1, graph.source, level);
  for (const ir::Node *node : chain.pre_pool)
    ctx.role(node->name, "input: folded into the bit-serial input's values");
  return stage;
}

} // namespace bnnc::passes
