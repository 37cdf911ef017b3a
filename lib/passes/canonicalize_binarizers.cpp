// Pass canonicalize-binarizers: every way exporters write a two-level binarizer becomes one node,
//   Binarize(x, t) = (strict ? x > t : x >= t) ? high : low.
//
// Patterns (DOMAIN.md section 7):
//  - Sign(x)                                   -> t = 0, >=, scale 1, from_sign (Sign(0) = 0)
//  - Add(x, Sub(Sign(x), x)), the detach trick -> the same as Sign(x)
//  - Where(Cmp(x, t), a, b), Cmp one of GreaterOrEqual, Greater, LessOrEqual, Less, with
//    constant t and constant uniform branches a != b (after folding, so constants built with
//    Shape -> ConstantOfShape -> Neg count): levels a (true) and b. x <= t is !(x > t), x < t is
//    !(x >= t): both swap the levels.
//  - QONNX BipolarQuant(x, s), s > 0           -> t = 0, >=, levels -s, +s (0 maps to +s)
//  - QONNX Quant(x, s, z, 1) signed (bipolar by QONNX's rule): v = x / s + z, then v >= 0, levels
//    (-1 - z) * s and (1 - z) * s; the Div and Add are inserted as nodes so that the threshold is
//    found on QONNX's own float32 arithmetic
//  - FINN MultiThreshold(x, T) with one threshold per channel: y = out_scale * [x >= T] + out_bias
//                                              -> t = T per channel, >=, levels out_bias and
//                                                 out_scale + out_bias (bipolar or {0, 1})
// The QONNX ops are matched in every domain the exporters write them in (ir's qonnxDomains).
// Quant and MultiThreshold with more than two levels are multi-bit activations: left alone here,
// they are either the input quantizer (lower-to-program) or a problem that names the layer.
// Tie policy: the chip maps a value equal to the threshold to the `high` level, as training
// binarizers do; for Sign that differs from ONNX only where the input is exactly 0
// (lower-to-program warns).
#include "bnnc/ir/interpreter.h"
#include "bnnc/ir/quant.h"
#include "bnnc/passes/passes.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"

#include <cmath>
#include <optional>
#include <set>

namespace bnnc::passes {

namespace {

struct Match {
  std::string x;
  ir::Tensor threshold = ir::Tensor::scalar(0);
  bool strict = false;
  double high = 1, low = -1;
  bool from_sign = false;
  std::vector<ir::Node> before; // nodes computing x, inserted before the Binarize
};

ir::Node makeBinarize(ir::Graph &graph, const ir::Node &root, const Match &m) {
  ir::Node node;
  node.name = root.name;
  node.index = root.index;
  node.op = kBinarizeOp;
  node.domain = kBnncDomain;
  std::string tname = root.outputs[0] + "::threshold";
  graph.constants[tname] = m.threshold;
  node.inputs = {m.x, tname};
  node.outputs = {root.outputs[0]};
  node.attrs["strict"] = ir::Attribute::ofInt(m.strict);
  node.attrs["high"] = ir::Attribute::ofFloat(m.high);
  node.attrs["low"] = ir::Attribute::ofFloat(m.low);
  node.attrs["from_sign"] = ir::Attribute::ofInt(m.from_sign);
  // Diagnostics name the model's op ("Sign", "qonnx.custom_op.general::Quant").
  node.attrs["source_op"] = ir::Attribute::ofString(ir::opDisplayName(root.domain, root.op));
  return node;
}

bool isOp(const ir::Node *node, const char *op) {
  return node && node->domain.empty() && node->op == op;
}

bool isQonnxOp(const ir::Node &node, const char *op) {
  return node.op == op && ir::isQonnxDomain(node.domain);
}

Match bipolar(const std::string &x, double scale) {
  Match m;
  m.x = x;
  m.high = scale;
  m.low = -scale;
  return m;
}

// Add(x, Sub(Sign(x), x)) in either operand order.
std::optional<Match> matchStraightThrough(const ir::Graph &graph, const ir::Node &add) {
  if (!isOp(&add, "Add"))
    return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const std::string &x = add.inputs[side];
    const ir::Node *sub = graph.producerOf(add.inputs[1 - side]);
    if (!isOp(sub, "Sub") || sub->inputs[1] != x)
      continue;
    const ir::Node *sign = graph.producerOf(sub->inputs[0]);
    if (isOp(sign, "Sign") && sign->inputs[0] == x) {
      Match m = bipolar(x, 1);
      m.from_sign = true;
      return m;
    }
  }
  return std::nullopt;
}

// The value of a constant whose elements are all equal.
std::optional<double> uniformConstant(const ir::Graph &graph, const std::string &name) {
  const ir::Tensor *t = graph.constant(name);
  if (!t || t->data.empty())
    return std::nullopt;
  for (size_t i = 1; i < t->data.size(); ++i)
    if (t->data[i] != t->data[0])
      return std::nullopt;
  return t->data[0];
}

std::optional<Match> matchWhere(const ir::Graph &graph, const ir::Node &where) {
  if (!isOp(&where, "Where"))
    return std::nullopt;
  const ir::Node *cmp = graph.producerOf(where.inputs[0]);
  std::optional<double> a = uniformConstant(graph, where.inputs[1]);
  std::optional<double> b = uniformConstant(graph, where.inputs[2]);
  if (!cmp || !cmp->domain.empty() || !a || !b || *a == *b)
    return std::nullopt;
  // Normalize to Cmp(x, t) with x the activation; a constant first operand mirrors the compare.
  bool mirrored = graph.constant(cmp->inputs[0]) != nullptr;
  const std::string &x = cmp->inputs[mirrored ? 1 : 0];
  const ir::Tensor *t = graph.constant(cmp->inputs[mirrored ? 0 : 1]);
  if (!t || graph.constant(x))
    return std::nullopt;
  std::string op = cmp->op;
  if (mirrored) // t >= x  <=>  x <= t, and so on
    op = op == "GreaterOrEqual" ? "LessOrEqual"
         : op == "Greater"      ? "Less"
         : op == "LessOrEqual"  ? "GreaterOrEqual"
         : op == "Less"         ? "Greater"
                                : op;
  Match m;
  m.x = x;
  m.threshold = *t;
  if (op == "GreaterOrEqual" || op == "Greater") {
    m.strict = op == "Greater";
    m.high = *a, m.low = *b;
  } else if (op == "LessOrEqual" || op == "Less") {
    m.strict = op == "LessOrEqual"; // x <= t is !(x > t)
    m.high = *b, m.low = *a;
  } else {
    return std::nullopt;
  }
  return m;
}

std::optional<Match> matchBipolarQuant(const ir::Graph &graph, const ir::Node &node) {
  if (!isQonnxOp(node, "BipolarQuant"))
    return std::nullopt;
  double s = 0;
  if (node.inputs.size() < 2 || !constantScalar(graph, node.inputs[1], s))
    throw Error(graph.where(node) + ": error: the scale of BipolarQuant must be a constant scalar");
  if (!(s > 0) || !std::isfinite(s))
    throw Error(graph.where(node) + ": error: the scale of BipolarQuant must be positive, got " +
                formatNumber(s));
  return bipolar(node.inputs[0], s);
}

// A node `op`(x, constant) computing QONNX's x / s or v + z on float32, named after `quant`.
ir::Node arithmeticStep(ir::Graph &graph, const ir::Node &quant, const char *op,
                        const std::string &x, double constant) {
  ir::Node n;
  n.op = op;
  n.name = quant.name + "::" + (std::string(op) == "Div" ? "scale" : "zeropt");
  n.index = quant.index;
  std::string c = n.name + "::value";
  graph.constants[c] = ir::Tensor::scalar(constant);
  n.inputs = {x, c};
  n.outputs = {n.name};
  return n;
}

// QONNX Quant that is bipolar (signed, 1 bit) with constant scalar scale and zero point:
// v = x / s + z; the output is (v >= 0 ? 1 : -1) - z, times s, each step in float32.
std::optional<Match> matchBipolarIntQuant(ir::Graph &graph, const ir::Node &node) {
  if (!isQonnxOp(node, "Quant") || node.inputs.size() != 4)
    return std::nullopt;
  double s = 0, z = 0, bits = 0;
  if (!constantScalar(graph, node.inputs[3], bits) || bits != 1 || !node.attrInt("signed", 1))
    return std::nullopt;
  if (!constantScalar(graph, node.inputs[1], s) || !constantScalar(graph, node.inputs[2], z))
    throw Error(graph.where(node) + ": error: a 1-bit Quant needs a constant scalar scale and "
                                    "zero point (a per-channel scale on binary activations is not "
                                    "supported)");
  if (!(s > 0) || !std::isfinite(s) || !std::isfinite(z))
    throw Error(graph.where(node) +
                ": error: the scale of a 1-bit Quant must be positive and the "
                "zero point finite, got scale " +
                formatNumber(s) + ", zero point " + formatNumber(z));
  Match m;
  m.x = node.inputs[0];
  if (s != 1) {
    m.before.push_back(arithmeticStep(graph, node, "Div", m.x, s));
    m.x = m.before.back().outputs[0];
  }
  if (z != 0) {
    m.before.push_back(arithmeticStep(graph, node, "Add", m.x, z));
    m.x = m.before.back().outputs[0];
  }
  m.high = float(float(1.0f - float(z)) * float(s));
  m.low = float(float(-1.0f - float(z)) * float(s));
  return m;
}

// Shapes a [C, 1] MultiThreshold threshold tensor to broadcast over x's channel axis.
ir::Tensor channelThreshold(const ir::Tensor &thresholds, const ir::Shape &xshape,
                            const std::string &layout) {
  ir::Tensor t({}, thresholds.data);
  int64_t c = thresholds.shape.empty() ? 1 : thresholds.shape[0];
  if (c == 1)
    return ir::Tensor::scalar(thresholds.data[0]);
  if (layout == "NHWC" || xshape.size() <= 2) {
    t.shape = {c}; // channels last (NHWC, or NC)
  } else {
    t.shape = ir::Shape(xshape.size() - 1, 1); // [C, 1, 1] against [N, C, H, W]
    t.shape[0] = c;
  }
  return t;
}

// MultiThreshold with one threshold per channel: two levels, out_bias and out_scale + out_bias
// (computed in float32 as the kernel does).
std::optional<Match> matchMultiThreshold(const ir::Graph &graph, const ir::Node &node) {
  if (!isQonnxOp(node, "MultiThreshold"))
    return std::nullopt;
  const ir::Tensor *thr = graph.constant(node.inputs[1]);
  if (!thr)
    throw Error(graph.where(node) + ": error: the thresholds of MultiThreshold must be constant");
  if (thr->shape.size() != 2 || thr->shape[1] != 1)
    return std::nullopt; // several thresholds per channel: a multi-bit activation
  float scale = float(node.attrFloat("out_scale", 1)), bias = float(node.attrFloat("out_bias", 0));
  if (scale == 0)
    throw Error(graph.where(node) + ": error: MultiThreshold with out_scale 0 is a constant");
  Match m;
  m.x = node.inputs[0];
  auto it = graph.values.find(m.x);
  ir::Shape xshape = it == graph.values.end() ? ir::Shape{} : it->second.shape;
  m.threshold = channelThreshold(*thr, xshape, node.attrString("data_layout", "NCHW"));
  m.high = float(scale * 1.0f + bias);
  m.low = bias;
  return m;
}

std::optional<Match> matchSign(const ir::Graph &, const ir::Node &node) {
  if (!isOp(&node, "Sign"))
    return std::nullopt;
  Match m = bipolar(node.inputs[0], 1);
  m.from_sign = true;
  return m;
}

// Matches every node first (matchers look at producers), then rebuilds the node list.
template <typename Matcher> void rewrite(ir::Graph &graph, PassContext &ctx, Matcher matcher) {
  std::set<std::string> before;
  std::vector<std::optional<Match>> matches;
  for (const ir::Node &node : graph.nodes) {
    before.insert(node.name);
    matches.push_back(node.domain == kBnncDomain ? std::nullopt : matcher(graph, node));
  }
  std::vector<ir::Node> nodes;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    if (!matches[i]) {
      nodes.push_back(std::move(graph.nodes[i]));
      continue;
    }
    for (ir::Node &step : matches[i]->before)
      nodes.push_back(std::move(step));
    nodes.push_back(makeBinarize(graph, graph.nodes[i], *matches[i]));
    ctx.role(graph.nodes[i].name, "binarizer (bnnc.Binarize, ties to the high level)");
  }
  graph.nodes = std::move(nodes);
  eraseUnused(graph);
  for (const ir::Node &node : graph.nodes)
    before.erase(node.name);
  for (const std::string &name : before) // nodes a pattern absorbed
    ctx.role(name, "part of a binarizer pattern");
}

} // namespace

void canonicalizeBinarizers(ir::Graph &graph, PassContext &ctx) {
  // Composite patterns first: they contain a Sign of their own.
  rewrite(graph, ctx, matchStraightThrough);
  rewrite(graph, ctx, matchWhere);
  rewrite(graph, ctx, matchBipolarQuant);
  rewrite(graph, ctx, matchBipolarIntQuant);
  rewrite(graph, ctx, matchMultiThreshold);
  rewrite(graph, ctx, matchSign);
}

} // namespace bnnc::passes
