// Pass canonicalize-binarizers: every way exporters write a bipolar binarizer becomes one node,
//   Binarize(x, t) = (strict ? x > t : x >= t) ? scale : -scale.
//
// Patterns (DOMAIN.md section 7):
//  - Sign(x)                                   -> t = 0, >=, scale 1, from_sign (Sign(0) = 0)
//  - Add(x, Sub(Sign(x), x)), the detach trick -> the same as Sign(x)
//  - Where(Cmp(x, t), a, -a), Cmp one of GreaterOrEqual, Greater, LessOrEqual, Less, with
//    constant t and constant uniform branches a and -a (after folding, so constants built with
//    Shape -> ConstantOfShape -> Neg count). x <= t is !(x > t), x < t is !(x >= t): both flip
//    the sign of scale.
//  - QONNX BipolarQuant(x, s), s > 0           -> t = 0, >=, scale s (0 maps to +s)
//  - FINN MultiThreshold(x, T) with one threshold per channel, out_scale 2b, out_bias -b
//                                              -> t = T per channel, >=, scale b
// Tie policy: the chip maps a value equal to the threshold to +scale, as training binarizers
// do; for Sign that differs from ONNX only where the input is exactly 0 (lower-to-program warns).
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
  double scale = 1;
  bool from_sign = false;
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
  node.attrs["scale"] = ir::Attribute::ofFloat(m.scale);
  node.attrs["from_sign"] = ir::Attribute::ofInt(m.from_sign);
  node.attrs["source_op"] = ir::Attribute::ofString(root.op); // diagnostics name the model's op
  return node;
}

bool isOp(const ir::Node *node, const char *op) {
  return node && node->domain.empty() && node->op == op;
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
      Match m;
      m.x = x;
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
  for (double v : t->data)
    if (v != t->data[0])
      return std::nullopt;
  return t->data[0];
}

std::optional<Match> matchWhere(const ir::Graph &graph, const ir::Node &where) {
  if (!isOp(&where, "Where"))
    return std::nullopt;
  const ir::Node *cmp = graph.producerOf(where.inputs[0]);
  std::optional<double> a = uniformConstant(graph, where.inputs[1]);
  std::optional<double> b = uniformConstant(graph, where.inputs[2]);
  if (!cmp || !cmp->domain.empty() || !a || !b || *a != -*b || *a == 0)
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
    m.scale = *a;
  } else if (op == "LessOrEqual" || op == "Less") {
    m.strict = op == "LessOrEqual"; // x <= t is !(x > t)
    m.scale = *b;
  } else {
    return std::nullopt;
  }
  return m;
}

std::optional<Match> matchBipolarQuant(const ir::Graph &graph, const ir::Node &node) {
  if (node.op != "BipolarQuant")
    return std::nullopt;
  double s = 0;
  if (node.inputs.size() < 2 || !constantScalar(graph, node.inputs[1], s))
    throw Error(graph.where(node) + ": error: the scale of BipolarQuant must be a constant scalar");
  if (!(s > 0) || !std::isfinite(s))
    throw Error(graph.where(node) + ": error: the scale of BipolarQuant must be positive, got " +
                formatNumber(s));
  Match m;
  m.x = node.inputs[0];
  m.scale = s;
  return m;
}

// Shapes a [C, 1] MultiThreshold threshold tensor to broadcast over x's channel axis.
ir::Tensor channelThreshold(const ir::Tensor &thresholds, const ir::Shape &xshape,
                            const std::string &layout) {
  ir::Tensor t(ir::DType::Float, {}, thresholds.data);
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

std::optional<Match> matchMultiThreshold(const ir::Graph &graph, const ir::Node &node) {
  if (node.op != "MultiThreshold")
    return std::nullopt;
  const ir::Tensor *thr = graph.constant(node.inputs[1]);
  if (!thr || thr->shape.size() != 2 || thr->shape[1] != 1)
    throw Error(graph.where(node) + ": error: only bipolar MultiThreshold is supported (one "
                                    "constant threshold per channel, shape [C, 1])");
  double scale = node.attrFloat("out_scale", 1), bias = node.attrFloat("out_bias", 0);
  // y = out_scale * [x >= t] + out_bias: -b below the threshold, +b at and above it.
  double low = bias, high = scale + bias;
  if (low != -high || high == 0)
    throw Error(graph.where(node) + ": error: MultiThreshold is not bipolar (out_scale " +
                formatNumber(scale) + ", out_bias " + formatNumber(bias) +
                "); bnnc needs out_bias = -out_scale / 2");
  Match m;
  m.x = node.inputs[0];
  auto it = graph.values.find(m.x);
  ir::Shape xshape = it == graph.values.end() ? ir::Shape{} : it->second.shape;
  m.threshold = channelThreshold(*thr, xshape, node.attrString("data_layout", "NCHW"));
  m.scale = high;
  return m;
}

template <typename Matcher> void rewrite(ir::Graph &graph, PassContext &ctx, Matcher matcher) {
  std::set<std::string> before;
  for (ir::Node &node : graph.nodes) {
    before.insert(node.name);
    if (node.domain == kBnncDomain)
      continue;
    if (std::optional<Match> m = matcher(graph, node)) {
      node = makeBinarize(graph, node, *m);
      ctx.role(node.name, "binarizer (bnnc.Binarize, ties to +1)");
    }
  }
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
  rewrite(graph, ctx, matchMultiThreshold);
  rewrite(graph, ctx, [](const ir::Graph &, const ir::Node &node) -> std::optional<Match> {
    if (!isOp(&node, "Sign"))
      return std::nullopt;
    Match m;
    m.x = node.inputs[0];
    m.from_sign = true;
    return m;
  });
}

} // namespace bnnc::passes
