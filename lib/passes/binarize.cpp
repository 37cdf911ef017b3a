// Pass binarize (bnnc compile --binarize): post-training binarization of a float model, layer by
// layer in graph order, into standard ONNX ops that the rest of the pipeline and the reference
// interpreter read like any exported BNN.
//  - Weights: each output channel c of a linear op becomes alpha_c * sign(W_c) with
//    alpha_c = mean |W_c| (sign(0) = +1), the scale that minimises ||W_c - alpha sign(W_c)||^2
//    (Rastegari et al., XNOR-Net, 2016). The lowering folds alpha_c into the thresholds.
//  - Activations: a layer whose output reaches the next layer without a binarizer gets one at the
//    end of its per-channel chain (after its batch norm, Relu, max pooling):
//    Where(GreaterOrEqual(h, t), high, low). Per channel, t_c is the mean of h_c over the
//    calibration samples and positions; the two levels are the means of h below and at or above
//    its channel's threshold, over all channels (the next layer reads two levels). Statistics
//    come from running the graph as binarized so far, so each layer is calibrated on the
//    activations its binarized predecessors really produce.
// The last layer keeps its float scores (an affine of the pre-activation).
#include "bnnc/ir/interpreter.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "graph_edit.h"
#include "lowering.h"

#include <algorithm>
#include <cmath>

namespace bnnc::passes {

namespace {

// Replaces the weight of a linear op by alpha_c * sign(W_c); returns false when it is binary
// already (every channel +-a).
bool binarizeWeights(ir::Graph &graph, const ir::Node &node, PassContext &ctx) {
  const std::string &name = node.inputs[1];
  const ir::Tensor *w = graph.constant(name);
  if (!w || w->numel() == 0 || w->dtype() != ir::DType::Float)
    return false;
  ir::Tensor t = *w;
  // Output channels: axis 0 of a Conv weight [Cout, ...] and of Gemm's B with transB, else the
  // last axis of B [K, N].
  bool rows = node.op == "Conv" || (node.op == "Gemm" && node.attrInt("transB", 0));
  int64_t cout = rows ? t.shape[0] : t.shape.back(), per = t.numel() / cout;
  auto at = [&](int64_t c, int64_t k) -> float & {
    return t.data.as<float>()[rows ? c * per + k : k * cout + c];
  };
  bool binary = true;
  for (int64_t c = 0; c < cout; ++c) {
    double sum = 0;
    for (int64_t k = 0; k < per; ++k) {
      sum += std::fabs(at(c, k));
      binary &= std::fabs(at(c, k)) == std::fabs(at(c, 0)) && at(c, 0) != 0;
    }
    float alpha = float(sum / double(per));
    if (!(alpha > 0))
      alpha = 1; // an all-zero channel: any scale, its sign bits are all +1
    for (int64_t k = 0; k < per; ++k)
      at(c, k) = at(c, k) >= 0 ? alpha : -alpha;
  }
  if (binary)
    return false;
  std::string fresh = name + "::binarized::" + node.name;
  graph.constants[fresh] = std::move(t);
  for (ir::Node &n : graph.nodes)
    if (n.name == node.name && n.index == node.index)
      n.inputs[1] = fresh;
  ctx.notes.push_back("--binarize: layer '" + node.name +
                      "': weights binarized to alpha_c * "
                      "sign(W), alpha_c = mean |W_c| per output "
                      "channel");
  return true;
}

// Per-channel values of `value` (shape [N, C, ...] per sample, batch 1) over the calibration
// samples, from one interpreter run per sample.
std::vector<std::vector<double>> channelValues(const ir::Graph &graph, const std::string &value,
                                               const CompileOptions &o) {
  const ir::Value &in = graph.inputs[0];
  int64_t n = ir::numel(in.shape);
  std::vector<std::vector<double>> per;
  for (int64_t s = 0; s < o.calibration_count; ++s) {
    ir::Tensor x(
        in.dtype, in.shape,
        std::vector<double>(o.calibration.begin() + s * n, o.calibration.begin() + (s + 1) * n));
    ir::Tensor h = ir::runGraph(graph, x).at(value);
    int64_t c = h.shape.size() > 1 ? h.shape[1] : 1, inner = h.numel() / c;
    per.resize(size_t(c));
    for (int64_t i = 0; i < h.numel(); ++i)
      per[size_t(i / inner)].push_back(h.data[size_t(i)]);
  }
  return per;
}

// Inserts Where(GreaterOrEqual(h, t), high, low) after `value`, calibrated as described above.
void insertBinarizer(ir::Graph &graph, const ir::Node &layer, const std::string &value,
                     PassContext &ctx) {
  std::vector<std::vector<double>> per = channelValues(graph, value, ctx.options);
  std::vector<double> t(per.size());
  double below = 0, above = 0;
  int64_t n_below = 0, n_above = 0;
  for (size_t c = 0; c < per.size(); ++c) {
    // The mean, not the median: after a Relu most values of a channel may be 0, and a median
    // of 0 would make the channel constant.
    double sum = 0;
    for (double v : per[c])
      sum += v;
    t[c] = float(sum / double(std::max<size_t>(per[c].size(), 1)));
    for (double v : per[c])
      (v >= t[c] ? above : below) += v, ++(v >= t[c] ? n_above : n_below);
  }
  float high = float(n_above ? above / double(n_above) : 1);
  float low = float(n_below ? below / double(n_below) : high - 1);
  if (!(high > low))
    low = high - 1; // a layer whose activations do not vary: any two levels
  const ir::Shape &shape = shapeOf(graph, value);
  ir::Shape tshape(shape.size() > 1 ? shape.size() - 1 : 1, 1);
  tshape[0] = int64_t(t.size());
  std::string base = layer.name + "::binarize";
  graph.constants[base + "::t"] = ir::Tensor(ir::DType::Float, tshape, t);
  graph.constants[base + "::high"] = ir::Tensor::scalar(high);
  graph.constants[base + "::low"] = ir::Tensor::scalar(low);
  ir::Node ge, where;
  ge.name = base + "::ge", ge.op = "GreaterOrEqual", ge.index = layer.index;
  ge.inputs = {value, base + "::t"}, ge.outputs = {ge.name};
  where.name = base, where.op = "Where", where.index = layer.index;
  where.inputs = {ge.name, base + "::high", base + "::low"}, where.outputs = {base};
  replaceUses(graph, value, base);
  auto after = graph.nodes.begin();
  while (after != graph.nodes.end() &&
         std::find(after->outputs.begin(), after->outputs.end(), value) == after->outputs.end())
    ++after;
  graph.nodes.insert(after == graph.nodes.end() ? after : after + 1, {ge, where});
  graph.values[ge.name] = {ge.name, ir::DType::Bool, shape};
  graph.values[base] = {base, ir::DType::Float, shape};
  ctx.notes.push_back(
      "--binarize: layer '" + layer.name + "': activations binarized after '" + value +
      "' at per-channel thresholds (means over " + std::to_string(ctx.options.calibration_count) +
      " calibration samples), levels " + formatNumber(low) + " and " + formatNumber(high));
}

// The linear ops of the graph in order.
std::vector<ir::Node> linearOps(const ir::Graph &graph) {
  std::vector<ir::Node> ops;
  for (const ir::Node &n : graph.nodes)
    if (isLinearOp(n))
      ops.push_back(n);
  return ops;
}

} // namespace

void binarizeModel(ir::Graph &graph, PassContext &ctx) {
  if (!ctx.options.binarize)
    return;
  std::vector<ir::Node> layers = linearOps(graph);
  for (size_t i = 0; i < layers.size(); ++i) {
    binarizeWeights(graph, layers[i], ctx);
    if (i + 1 == layers.size())
      break;
    ChannelChain chain = collectChain(graph, layers[i].outputs[0], true);
    const ir::Node *next = soleConsumer(graph, skipLayout(graph, chain.out));
    if (!chain.binarize && next && isLinearOp(*next))
      insertBinarizer(graph, layers[i], chain.out, ctx);
  }
}

} // namespace bnnc::passes
