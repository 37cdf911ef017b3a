// The input stage: how raw input values become the first layer's bits.
//  - Binarized input, binarizer(chain(x)) with elementwise constant ops (e.g. sign(x - 0.5)):
//    a comparator per input element, found by bisection over float32 values like a layer's
//    threshold (threshold.cpp), so it equals the model's own float evaluation.
//  - Raw input read by the first linear op: fed bit-serially, from --input-bits and
//    --input-range (program.h gives the arithmetic).
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"
#include "lowering.h"

#include <cfloat>
#include <cmath>
#include <sstream>

namespace bnnc::passes {

namespace {

ir::InputStage bitSerial(const ir::Graph &graph, const ir::Node *first, PassContext &ctx) {
  const CompileOptions &o = ctx.options;
  std::string what = first ? graph.where(*first) : graph.source;
  if (!o.input_bits || !o.input_lo || !o.input_hi)
    throw Error(what + ": error: the first layer reads the raw input, which is not binarized; "
                       "give its quantization with --input-bits N and --input-range LO,HI");
  if (*o.input_bits < 1 || *o.input_bits > 16)
    throw Error("--input-bits: error: must be between 1 and 16, got " +
                std::to_string(*o.input_bits));
  if (!(*o.input_lo < *o.input_hi) || !std::isfinite(*o.input_lo) || !std::isfinite(*o.input_hi))
    throw Error("--input-range: error: needs finite LO < HI, got " + formatNumber(*o.input_lo) +
                "," + formatNumber(*o.input_hi));
  ir::InputStage stage;
  stage.kind = ir::InputStage::Kind::BitSerial;
  stage.bits = *o.input_bits;
  stage.lo = *o.input_lo;
  stage.hi = *o.input_hi;
  return stage;
}

} // namespace

ir::InputStage lowerInput(const ir::Graph &graph, PassContext &ctx, std::string &first,
                          double &input_scale) {
  if (graph.inputs.size() != 1 || graph.outputs.size() != 1)
    throw Error(graph.source + ": error: bnnc compiles models with one input and one output, got " +
                std::to_string(graph.inputs.size()) + " inputs and " +
                std::to_string(graph.outputs.size()) + " outputs");
  const ir::Value &input = graph.inputs[0];
  ir::Shape sample(input.shape.begin() + 1, input.shape.end());
  std::string x = skipLayout(graph, input.name);
  ChannelChain chain = collectChain(graph, x, false);
  input_scale = 1;
  if (!chain.binarize) {
    if (!chain.pre_pool.empty())
      throw Error(graph.where(*chain.pre_pool[0]) +
                  ": error: an op on the raw input before the first layer is not supported "
                  "with a bit-serial input; fold it into --input-range");
    first = x;
    ir::InputStage stage = bitSerial(graph, soleConsumer(graph, x), ctx);
    stage.shape = sample;
    return stage;
  }
  if ((ctx.options.input_bits || ctx.options.input_lo) && !ctx.options.input_assumed)
    ctx.diag.warn(whereSource(graph, *chain.binarize) +
                  ": warning: the model binarizes its input here; --input-bits and "
                  "--input-range are ignored");
  ChainEvaluator eval(graph, nullptr, chain, shapeOf(graph, x));
  ir::InputStage stage;
  stage.kind = ir::InputStage::Kind::Comparator;
  stage.shape = sample;
  stage.compare = findThresholds(eval, FLT_MAX, false, ctx);
  input_scale = chain.binarize->attrFloat("scale", 1);
  for (const ir::Node *n : chain.pre_pool)
    ctx.role(n->name, "input: folded into the input comparators");
  ctx.role(chain.binarize->name, "input: binarizer, one comparator per input element");
  first = chain.out;
  return stage;
}

} // namespace bnnc::passes
