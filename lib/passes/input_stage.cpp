// The input stage: how raw input values become the first layer's bits.
//  - Binarized input, binarizer(chain(x)) with elementwise constant ops and layout ops (FINN's
//    Div 255 -> Reshape -> Mul 2 -> Sub 1 -> MultiThreshold): a comparator per input element,
//    found by bisection over float32 values like a layer's threshold (threshold.cpp), so it
//    equals the model's own float evaluation.
//  - An input quantizer in the model, after(quantizer(chain(x))) with a multi-level QONNX Quant
//    or MultiThreshold (Brevitas' Mul 2 -> Sub 1 -> Quant(8 bits, scale 1/128); FINN's
//    MultiThreshold to {0, 1, 2} then Add -1): bit-serial, no flag needed (input_levels.cpp).
//  - A raw input read by the first linear op, possibly through per-tensor affine ops (Div 255,
//    Mul, Sub, Add): bit-serial, quantized as --input-bits and --input-range say
//    (input_levels.cpp).
#include "bnnc/ir/quant.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"
#include "lowering.h"

#include <cfloat>

namespace bnnc::passes {

namespace {

ir::InputStage comparatorStage(const ir::Graph &graph, const ChannelChain &chain,
                               const ir::Shape &probe, const ir::Shape &sample, PassContext &ctx,
                               ActivationLevels &levels) {
  if ((ctx.options.input_bits || ctx.options.input_lo) && !ctx.options.input_assumed)
    ctx.diag.warn(whereSource(graph, *chain.binarize) +
                  ": warning: the model binarizes its input here; --input-bits and "
                  "--input-range are ignored");
  ChainEvaluator eval(graph, nullptr, chain, probe);
  ir::InputStage stage;
  stage.kind = ir::InputStage::Kind::Comparator;
  stage.shape = sample;
  stage.compare = findThresholds(eval, FLT_MAX, false, ctx);
  levels = levelsOf(*chain.binarize);
  for (const ir::Node *n : chain.pre_pool)
    ctx.role(n->name, "input: folded into the input comparators");
  ctx.role(chain.binarize->name, "input: binarizer, one comparator per input element");
  return stage;
}

} // namespace

ir::InputStage lowerInput(const ir::Graph &graph, PassContext &ctx, std::string &first,
                          ActivationLevels &levels) {
  if (graph.inputs.size() != 1 || graph.outputs.size() != 1)
    throw Error(graph.source + ": error: bnnc compiles models with one input and one output, got " +
                std::to_string(graph.inputs.size()) + " inputs and " +
                std::to_string(graph.outputs.size()) + " outputs");
  const ir::Value &input = graph.inputs[0];
  ir::Shape sample(input.shape.begin() + 1, input.shape.end());
  std::string x = skipLayout(graph, input.name);
  ChannelChain chain = collectChain(graph, x, false);
  const ir::Shape &probe = shapeOf(graph, x);
  levels = ActivationLevels{};
  if (chain.binarize) {
    first = chain.out;
    return comparatorStage(graph, chain, probe, sample, ctx, levels);
  }
  const ir::Node *next = soleConsumer(graph, chain.out);
  if (isMultiLevelQuantizer(next)) {
    if (ctx.options.input_bits && !ctx.options.input_assumed)
      ctx.diag.warn(graph.where(*next) + ": warning: the model quantizes its input here; "
                                         "--input-bits and --input-range are ignored");
    ChannelChain after = collectChain(graph, next->outputs[0], false);
    if (after.binarize)
      throw Error(whereSource(graph, *after.binarize) +
                  ": error: a binarizer after the input quantizer is not supported");
    first = after.out;
    return quantizerStage(graph, chain, *next, after, probe, sample, ctx);
  }
  first = chain.out;
  return flaggedStage(graph, chain, next, probe, sample, ctx);
}

} // namespace bnnc::passes
