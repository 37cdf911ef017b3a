// Pass find-blockers: records every node that keeps the canonical graph from lowering, so that
// one compile (and `bnnc inspect`) names them all instead of the first the lowering meets:
//  - a linear op whose weights are not binary or not constant, or whose shapes do not fit;
//  - a multi-level activation quantizer (QONNX Quant of k > 1 bits, MultiThreshold with several
//    thresholds) between layers whose levels no layer can read (a per-channel scale);
//  - a layer whose output reaches the next layer without a binarizer (float activations);
//  - an op on activations that the lowering has no place for.
// Nodes downstream of a node the importer could not run have no shapes and are skipped: their
// cause is already a problem. The lowering still checks the structure (one chain, one pooling
// per layer...) and fails on the first such problem when this pass found none.
#include "bnnc/ir/interpreter.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/error.h"
#include "graph_edit.h"
#include "lowering.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace bnnc::passes {

namespace {

bool hasShapes(const ir::Graph &graph, const ir::Node &node) {
  for (const std::string &in : node.inputs)
    if (!in.empty() && !graph.constant(in) && !graph.values.count(in))
      return false;
  return true;
}

// Walks producers back from `value` over per-channel and layout ops (through their activation
// input): the linear op that makes it, or null when it comes from the graph input.
const ir::Node *producingLayer(const ir::Graph &graph, std::string value) {
  while (const ir::Node *p = graph.producerOf(value)) {
    if (isLinearOp(*p))
      return p;
    auto activation = std::find_if(p->inputs.begin(), p->inputs.end(), [&](const std::string &in) {
      return !in.empty() && !graph.constant(in);
    });
    if (activation == p->inputs.end())
      return nullptr;
    value = *activation;
  }
  return nullptr;
}

// A quantizer between layers must have levels the next layer can read (quantizer.cpp).
void checkQuantizer(const ir::Graph &graph, const ir::Node &q, PassContext &ctx) {
  if (!producingLayer(graph, q.inputs[0]))
    return; // the input quantizer
  try {
    quantizerValues(graph, q);
  } catch (const Error &e) {
    ctx.diag.problem(q.name, e.what());
  }
}

// The linear op's own checks (weights, shapes), and a binarizer before the next layer.
void checkLayer(const ir::Graph &graph, const ir::Node &node, PassContext &ctx) {
  try {
    lowerLinear(graph, node, ActivationLevels{});
    ChannelChain chain = collectChain(graph, node.outputs[0], true);
    const ir::Node *next = soleConsumer(graph, skipLayout(graph, chain.out));
    if (!chain.binarize && next && (isLinearOp(*next) || next->op == "MaxPool"))
      ctx.diag.problem(node.name, graph.where(node) +
                                      ": error: the output of this layer reaches the next "
                                      "layer without a binarizer (float activations; bnnc "
                                      "compile --binarize binarizes a float model)");
  } catch (const Error &e) {
    ctx.diag.problem(node.name, e.what());
  }
}

// Ops the lowering places: layers, their per-channel chains, pooling, binarizers, layout ops
// and the final stages. Multi-level quantizers are checked on their own.
bool lowerable(const ir::Graph &graph, const ir::Node &node) {
  static const std::set<std::string> ops = {
      "Add",     "Sub",     "Mul",        "Div",  "Neg",   "BatchNormalization", "Clip", "Relu",
      "MaxPool", "Softmax", "LogSoftmax", "TopK", "ArgMax"};
  return (node.domain == kBnncDomain && node.op == kBinarizeOp) || isLayoutOp(graph, node) ||
         (node.domain.empty() && ops.count(node.op));
}

} // namespace

void findBlockers(ir::Graph &graph, PassContext &ctx) {
  for (const ir::Node &node : graph.nodes) {
    if (!hasShapes(graph, node) || ctx.diag.problemOf(node.name))
      continue;
    if (isLinearOp(node))
      checkLayer(graph, node, ctx);
    else if (isMultiLevelQuantizer(&node))
      checkQuantizer(graph, node, ctx);
    else if (!lowerable(graph, node))
      ctx.diag.problem(node.name, graph.where(node) + ": error: unsupported op " +
                                      ir::opDisplayName(node.domain, node.op) +
                                      " on activations (docs/passes.md lists the ops bnnc "
                                      "lowers)");
  }
}

} // namespace bnnc::passes
