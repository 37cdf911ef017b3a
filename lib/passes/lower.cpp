// Pass lower-to-program: walks the canonical graph from the input to the output, one layer at a
// time: [layout ops] linear op, per-channel chain with at most one MaxPool, then either a
// Binarize (a hidden layer; a MaxPool may follow it) or the graph output (the last layer, whose
// scores may go through a final Softmax or LogSoftmax).
#include "bnnc/ir/interpreter.h"
#include "bnnc/support/error.h"
#include "lowering.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace bnnc::passes {

namespace {

const ir::Node &expectLinear(const ir::Graph &graph, const std::string &value) {
  const ir::Node *node = soleConsumer(graph, value);
  if (node && isLinearOp(*node))
    return *node;
  if (!node)
    throw Error(graph.source + ": error: value '" + value +
                "' is a binarized activation but no Conv, Gemm or MatMul reads it");
  throw Error(graph.where(*node) + ": error: unsupported " +
              (node->domain.empty() ? "" : node->domain + "::") + node->op +
              " here: bnnc expects a Conv, Gemm or MatMul to read '" + value + "'");
}

// Pooling right after the binarizer or quantizer works on its levels: max is the OR of the bits
// (the larger code) when bit 1 (code 2^b - 1) is the larger level, the AND (the smaller code)
// otherwise.
void poolAfterActivation(const ir::Graph &graph, const ir::Node &pool, bool increasing,
                         ir::Layer &layer) {
  if (layer.pool.enabled)
    throw Error(graph.where(pool) + ": error: a layer can have one max pooling only");
  layer.pool = lowerPool(graph, pool, shapeOf(graph, pool.inputs[0]));
  layer.pool.use_or.assign(static_cast<size_t>(layer.geom.cout), increasing);
}

bool isOp(const ir::Node *node, const char *op) {
  return node && node->domain.empty() && node->op == op;
}

// Softmax or LogSoftmax over the class axis: it preserves the argmax; the periphery computes it.
void lowerSoftmax(const ir::Graph &graph, const ir::Node &node, ir::Program &program,
                  PassContext &ctx) {
  const ir::Shape &in = shapeOf(graph, node.inputs[0]);
  int64_t axis = node.attrInt("axis", graph.opset >= 13 ? -1 : 1);
  if (in.size() != 2 || (axis != 1 && axis != -1))
    throw Error(graph.where(node) + ": error: " + node.op +
                " must run over the class axis of a [batch, classes] tensor");
  ctx.role(node.name, "final " + node.op + " in the periphery (argmax-preserving)");
  program.final =
      node.op == "Softmax" ? ir::Program::Final::Softmax : ir::Program::Final::LogSoftmax;
  program.notes.push_back("final " + node.op + " '" + node.name +
                          "' runs in the periphery; it preserves the argmax");
}

// TopK(k = 1, largest) or ArgMax over the class axis: the model outputs the class index (TopK's
// second output). Both take the first of equal maxima, as the chip's argmax does.
std::string lowerArgmax(const ir::Graph &graph, const ir::Node &node, ir::Program &program,
                        PassContext &ctx) {
  auto fail = [&](const std::string &m) { throw Error(graph.where(node) + ": error: " + m); };
  const ir::Shape &in = shapeOf(graph, node.inputs[0]);
  int64_t axis = node.attrInt("axis", node.op == "TopK" ? -1 : 0);
  if (in.size() != 2 || (axis != 1 && axis != -1))
    fail(node.op + " must run over the class axis of a [batch, classes] tensor");
  if (node.op == "TopK") {
    const ir::Tensor *k = node.inputs.size() > 1 ? graph.constant(node.inputs[1]) : nullptr;
    int64_t kv = k && k->numel() == 1 ? int64_t(k->data[0]) : node.attrInt("k", -1);
    if (kv != 1 || node.attrInt("largest", 1) != 1)
      fail("bnnc supports TopK with k = 1 and largest = 1 only (the predicted class)");
    if (!graph.consumers(node.outputs[0]).empty() || graph.outputs[0].name == node.outputs[0])
      fail("the values output of TopK is used; bnnc outputs the class index only");
    if (node.outputs.size() < 2 || node.outputs[1].empty())
      fail("TopK's indices output is not used");
  } else if (node.attrInt("select_last_index", 0) != 0) {
    fail("select_last_index = 1 is not supported (the chip takes the first maximum)");
  }
  if (program.final != ir::Program::Final::None)
    program.notes.back() += "; the class index is taken from the scores before it";
  program.final = ir::Program::Final::ArgMax;
  ctx.role(node.name, "final " + node.op + " in the periphery: the class index");
  program.notes.push_back("final " + node.op + " '" + node.name +
                          "' gives the class index: the model's output is the predicted class");
  return node.outputs[node.op == "TopK" ? 1 : 0];
}

// The graph output, optionally through layout ops, a Softmax or LogSoftmax, and a TopK(k = 1)
// or ArgMax.
void lowerFinal(const ir::Graph &graph, std::string value, ir::Program &program, PassContext &ctx) {
  value = skipLayout(graph, value);
  const ir::Node *node = soleConsumer(graph, value);
  if (isOp(node, "Softmax") || isOp(node, "LogSoftmax")) {
    lowerSoftmax(graph, *node, program, ctx);
    value = skipLayout(graph, node->outputs[0]);
    node = soleConsumer(graph, value);
  }
  if (isOp(node, "TopK") || isOp(node, "ArgMax")) {
    value = skipLayout(graph, lowerArgmax(graph, *node, program, ctx));
    node = soleConsumer(graph, value);
  }
  if (node)
    throw Error(graph.where(*node) + ": error: unsupported " +
                ir::opDisplayName(node->domain, node->op) +
                " after the last layer (bnnc accepts per-channel affine ops, then Softmax or "
                "LogSoftmax, then TopK or ArgMax)");
  if (value != graph.outputs[0].name)
    throw Error(graph.source + ": error: the last layer does not lead to the graph output '" +
                graph.outputs[0].name + "'");
}

void recordRoles(PassContext &ctx, size_t index, const ir::Node &linear, const ChannelChain &chain,
                 int weight_bits, bool quantized) {
  std::string layer = "layer " + std::to_string(index) + ": ";
  std::string target = chain.binarize ? "the integer thresholds"
                       : quantized    ? "the comparator levels"
                                      : "the output affine";
  ctx.role(linear.name,
           layer +
               (weight_bits == 1 ? std::string("binary weights")
                                 : std::to_string(weight_bits) + "-bit weights as digit planes") +
               " on 2T2R tiles");
  for (const auto *steps : {&chain.pre_pool, &chain.post_pool})
    for (const ir::Node *n : *steps)
      ctx.role(n->name, layer + "folded into " + target);
  if (chain.pool)
    ctx.role(chain.pool->name, layer + "max pooling on the bits (OR/AND per channel)");
  if (chain.binarize)
    ctx.role(chain.binarize->name, layer + "binarizer, folded into the integer thresholds");
}

void checkFanIn(const ir::Graph &graph, const ir::Node &node, int64_t fan_in_values,
                int64_t previous) {
  if (previous >= 0 && fan_in_values != previous)
    throw Error(graph.where(node) + ": error: reads " + std::to_string(fan_in_values) +
                " values, the previous layer produces " + std::to_string(previous));
}

} // namespace

ir::Program lowerToProgram(const ir::Graph &graph, PassContext &ctx) {
  ir::Program program;
  program.model_name = std::filesystem::path(graph.source).stem().string();
  program.producer = graph.producer;
  program.notes = ctx.notes;
  std::string value;
  ActivationLevels levels;
  program.input = lowerInput(graph, ctx, value, levels);
  // What the next layer reads: +-1 bits, or values in [serial_lo, serial_hi] bit-serially.
  bool bit_serial = program.input.kind == ir::InputStage::Kind::BitSerial;
  double serial_lo = program.input.lo, serial_hi = program.input.hi;
  int64_t produced = -1; // values the previous layer produces (-1: the input)
  for (;;) {
    value = skipLayout(graph, value);
    const ir::Node &node = expectLinear(graph, value);
    const ir::Shape &in = shapeOf(graph, node.inputs[0]);
    checkFanIn(graph, node, ir::numel(in), produced);
    LinearLayer linear = lowerLinear(graph, node, levels);
    ir::Layer layer;
    layer.name = node.name;
    layer.source_op = node.op;
    layer.geom = linear.geom;
    layer.weight_bits = linear.weight_bits;
    layer.weights = linear.weights;
    layer.weight_offset = linear.weight_offset;
    layer.bit_serial_input = bit_serial;
    // The largest |pre|: K max|w| for +-1 inputs, times max(|lo|, |hi|) for a bit-serial one.
    double range = double(layer.geom.fanIn() * maxWeightMagnitude(linear));
    if (bit_serial)
      range *= std::max(std::fabs(serial_lo), std::fabs(serial_hi));
    ChannelChain chain = collectChain(graph, node.outputs[0], true);
    ChainEvaluator eval(graph, &linear, chain, channelProbeShape(linear));
    const ir::Node *quantizer = chain.binarize ? nullptr : soleConsumer(graph, chain.out);
    bool quantized = isMultiLevelQuantizer(quantizer);
    recordRoles(ctx, program.layers.size(), node, chain, linear.weight_bits, quantized);
    if (!chain.binarize && !quantized) {
      if (chain.pool)
        throw Error(graph.where(*chain.pool) + ": error: max pooling on the scores of the last "
                                               "layer is not supported");
      layer.output = ir::Layer::Output::Affine;
      fitAffine(eval, range, node, graph, layer.scale, layer.offset);
      program.layers.push_back(std::move(layer));
      lowerFinal(graph, chain.out, program, ctx);
      break;
    }
    if (chain.binarize) {
      layer.threshold = findThresholds(eval, range, !bit_serial, ctx);
      if (chain.pool) {
        layer.pool = lowerPool(graph, *chain.pool, shapeOf(graph, chain.pool->inputs[0]));
        layer.pool.use_or = poolModes(eval, range);
      }
      levels = levelsOf(*chain.binarize);
      value = chain.out;
      bit_serial = false;
    } else {
      value = lowerQuantizedOutput(graph, eval, chain, *quantizer, range, !bit_serial, layer, ctx);
      levels = ActivationLevels{0, 1};
      bit_serial = true;
      serial_lo = layer.output_lo;
      serial_hi = layer.output_lo +
                  layer.output_step * double(layer.levels.size() / size_t(layer.geom.cout));
    }
    const ir::Node *next = soleConsumer(graph, value);
    if (next && next->domain.empty() && next->op == "MaxPool") {
      // On bits or on the codes of increasing levels, the larger level is the larger code.
      poolAfterActivation(graph, *next, bit_serial || levels.half > 0, layer);
      ctx.role(next->name,
               "layer " + std::to_string(program.layers.size()) +
                   (bit_serial ? ": max pooling on the codes" : ": max pooling on the bits (OR)"));
      value = next->outputs[0];
    }
    produced = layer.outSize();
    program.layers.push_back(std::move(layer));
  }
  const ir::Shape &out = graph.outputs[0].shape;
  program.output_shape.assign(out.begin() + (out.empty() ? 0 : 1), out.end());
  return program;
}

} // namespace bnnc::passes
