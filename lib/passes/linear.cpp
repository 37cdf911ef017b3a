// Lowering of the linear ops (Gemm, MatMul, Conv, FINN's XnorPopcountMatMul) to binary weights
// and a per-channel affine of the pre-activation.
//
// A binary weight row may carry a per-channel scale: an eval-mode export that folded batch norm
// into a binary conv stores alpha_c * (+-1). Writing the weight as alpha_c * w with w in {-1, +1}
// and the input as mid + half * a with a in {-1, +1} (the levels of the binarizer that produced
// it, lowering.h):
//   sum_k alpha_c w_k (mid + half a_k) = alpha_c half pre + alpha_c mid sum_k w_k,
// so alpha_c * half is the channel's pre_scale, alpha_c * mid * sum_k w_k its pre_offset, and the
// array only holds w. XnorPopcountMatMul(v, W) with v, W in {0, 1} counts agreements:
//   (sum_k (2 v_k - 1)(2 W_k - 1) + K) / 2, and 2 v_k - 1 = 2 mid - 1 + 2 half a_k, w = 2 W - 1,
// so pre_scale = half and pre_offset = ((2 mid - 1) sum_k w_k + K) / 2.
#include "bnnc/ir/quant.h"
#include "bnnc/support/error.h"
#include "bnnc/support/format.h"
#include "lowering.h"

#include <algorithm>
#include <cmath>

namespace bnnc::passes {

namespace {

const ir::Tensor &weightTensor(const ir::Graph &graph, const ir::Node &node, size_t input) {
  const ir::Tensor *w = input < node.inputs.size() ? graph.constant(node.inputs[input]) : nullptr;
  if (!w)
    throw Error(graph.where(node) + ": error: input " + std::to_string(input) +
                " must be a constant weight tensor (bnnc compiles fixed weights only)");
  return *w;
}

bool isXnorPopcount(const ir::Node &node) {
  return node.op == "XnorPopcountMatMul" && ir::isQonnxDomain(node.domain);
}

// XnorPopcountMatMul's weights are {0, 1}: 1 is the bit +1, 0 the bit -1 (alpha 1).
void binaryZeroOneRows(const ir::Graph &graph, const ir::Node &node, const float *w, int64_t cout,
                       int64_t fan_in, LinearLayer &out) {
  out.weights.assign(static_cast<size_t>(cout * fan_in), 0);
  out.pre_scale.assign(static_cast<size_t>(cout), 1);
  for (int64_t c = 0; c < cout; ++c)
    for (int64_t k = 0; k < fan_in; ++k) {
      double v = w[static_cast<size_t>(c * fan_in + k)];
      if (v != 0 && v != 1)
        throw Error(graph.where(node) + ": error: weight '" + node.inputs[1] + "' holds " +
                    formatNumber(v) + " in output channel " + std::to_string(c) +
                    "; XnorPopcountMatMul weights must be 0 or 1");
      out.weights[static_cast<size_t>(c * fan_in + k)] = v == 1;
    }
}

// "3 distinct values (-0.5, 0, 0.5)" of a weight row, the first few.
std::string distinctValues(const float *row, int64_t n) {
  std::vector<double> seen;
  for (int64_t k = 0; k < n && seen.size() <= 4; ++k)
    if (std::find(seen.begin(), seen.end(), row[k]) == seen.end())
      seen.push_back(row[k]);
  std::sort(seen.begin(), seen.end());
  std::string text;
  for (size_t i = 0; i < seen.size() && i < 4; ++i)
    text += (i ? ", " : "") + formatNumber(seen[i]);
  return (seen.size() > 4 ? "more than 4 distinct values (" + text + ", ...)"
                          : std::to_string(seen.size()) + " distinct values (" + text + ")");
}

// The first output channel that is not binary (+-a, one a > 0), or -1.
int64_t firstNonBinary(const float *w, int64_t cout, int64_t fan_in) {
  for (int64_t c = 0; c < cout; ++c) {
    const float *row = w + c * fan_in;
    for (int64_t k = 0; k < fan_in; ++k)
      if (std::fabs(row[k]) != std::fabs(row[0]) || row[0] == 0)
        return c;
  }
  return -1;
}

// Splits row-major [cout][fanIn] real weights into digit planes and per-row scales: binary rows
// (+-alpha_c) as one plane, else multi-bit integer grids (weight_planes.cpp).
void binarizeRows(const ir::Graph &graph, const ir::Node &node, const float *w, int64_t cout,
                  int64_t fan_in, LinearLayer &out) {
  if (isXnorPopcount(node))
    return binaryZeroOneRows(graph, node, w, cout, fan_in, out);
  const std::string &name = node.inputs[1];
  for (size_t i = 0; i < size_t(cout * fan_in); ++i)
    if (!std::isfinite(w[i]))
      throw Error(graph.where(node) + ": error: weight '" + name + "' holds " + formatNumber(w[i]) +
                  " in output channel " + std::to_string(int64_t(i) / fan_in));
  int64_t bad = firstNonBinary(w, cout, fan_in);
  if (bad >= 0) {
    if (splitWeightPlanes(w, cout, fan_in, out))
      return;
    throw Error(graph.where(node) + ": error: weight '" + name +
                "' is neither binary nor quantized: output channel " + std::to_string(bad) +
                " holds " + distinctValues(w + bad * fan_in, fan_in) +
                ", not a scale times integers of at most 8 bits (bnnc compile --binarize "
                "binarizes a float model)");
  }
  out.weights.assign(static_cast<size_t>(cout * fan_in), 0);
  out.pre_scale.assign(static_cast<size_t>(cout), 0);
  for (int64_t c = 0; c < cout; ++c) {
    const float *row = w + c * fan_in;
    for (int64_t k = 0; k < fan_in; ++k)
      out.weights[static_cast<size_t>(c * fan_in + k)] = row[k] > 0;
    out.pre_scale[static_cast<size_t>(c)] = std::fabs(row[0]);
  }
}

// Sum of channel c's integer weights, sum_j (D_j + e_c) (program.h).
int64_t weightSum(const LinearLayer &layer, int64_t c) {
  int64_t cout = layer.geom.cout, k = layer.geom.fanIn(), sum = 0;
  for (int i = 0; i < layer.weight_bits; ++i) {
    int64_t ones = 0;
    for (int64_t j = 0; j < k; ++j)
      ones += layer.weights[size_t((i * cout + c) * k + j)];
    sum += (int64_t(1) << i) * (2 * ones - k);
  }
  return sum + k * (layer.weight_offset.empty() ? 0 : layer.weight_offset[size_t(c)]);
}

// pre_scale and pre_offset for the input's levels (see the derivation at the top).
void applyLevels(const ir::Graph &graph, const ir::Node &node, ActivationLevels in,
                 LinearLayer &layer) {
  const ir::ConvGeometry &g = layer.geom;
  bool padded = g.pad_top || g.pad_left || g.pad_bottom || g.pad_right;
  bool xnor = isXnorPopcount(node);
  if (padded && (xnor ? in.mid != 0.5 : in.mid != 0))
    throw Error(graph.where(node) + ": error: zero padding on activations whose two levels are "
                                    "not symmetric about 0 is not supported (a padded input "
                                    "contributes 0, which is neither level)");
  int64_t k = g.fanIn();
  layer.pre_offset.assign(layer.pre_scale.size(), 0);
  for (size_t c = 0; c < layer.pre_scale.size(); ++c) {
    double sum_w = double(weightSum(layer, int64_t(c))), alpha = layer.pre_scale[c];
    layer.pre_scale[c] = alpha * in.half;
    layer.pre_offset[c] =
        xnor ? ((2 * in.mid - 1) * sum_w + double(k)) / 2 : alpha * in.mid * sum_w;
  }
}

// Broadcasts a bias-like constant to one value per output channel, factor * value rounded to
// float32 as the interpreter computes Gemm's beta * C.
std::vector<double> channelVector(const ir::Graph &graph, const ir::Node &node, const ir::Tensor &t,
                                  int64_t cout, double factor) {
  std::vector<double> out(static_cast<size_t>(cout));
  if (t.numel() != 1 && t.numel() != cout)
    throw Error(graph.where(node) + ": error: bias of shape " + ir::shapeString(t.shape) +
                " does not give one value per output channel (" + std::to_string(cout) + ")");
  for (int64_t c = 0; c < cout; ++c) {
    double v = static_cast<float>(float(factor) * float(t.data[t.numel() == 1 ? 0 : size_t(c)]));
    // A NaN or infinite bias would make the channel's threshold meaningless.
    if (!std::isfinite(v))
      throw Error(graph.where(node) + ": error: the bias of output channel " + std::to_string(c) +
                  " is " + formatNumber(v) + "; it must be a finite number");
    out[static_cast<size_t>(c)] = v;
  }
  return out;
}

int64_t denseFanIn(const ir::Graph &graph, const ir::Node &node) {
  const ir::Shape &in = shapeOf(graph, node.inputs[0]);
  if (in.size() != 2)
    throw Error(graph.where(node) + ": error: input '" + node.inputs[0] + "' has shape " +
                ir::shapeString(in) + "; bnnc expects [batch, features] (add a Flatten)");
  return in[0] * in[1]; // [1, K], or [K, 1] read through transA
}

LinearLayer lowerDense(const ir::Graph &graph, const ir::Node &node) {
  bool gemm = node.op == "Gemm" && node.domain.empty();
  int64_t fan_in = denseFanIn(graph, node);
  const ir::Tensor &b = weightTensor(graph, node, 1);
  bool trans_b = gemm && node.attrInt("transB", 0) != 0;
  if (b.shape.size() != 2 || b.shape[trans_b ? 1 : 0] != fan_in)
    throw Error(graph.where(node) + ": error: weight '" + node.inputs[1] + "' has shape " +
                ir::shapeString(b.shape) + ", which does not match " + std::to_string(fan_in) +
                " inputs");
  int64_t cout = b.shape[trans_b ? 0 : 1];
  // Rearrange to [cout][fanIn]: B is [K, N], or [N, K] with transB.
  const float *bv = b.data.as<float>();
  std::vector<float> w(static_cast<size_t>(cout * fan_in));
  for (int64_t n = 0; n < cout; ++n)
    for (int64_t k = 0; k < fan_in; ++k)
      w[static_cast<size_t>(n * fan_in + k)] = bv[trans_b ? n * fan_in + k : k * cout + n];
  LinearLayer layer;
  binarizeRows(graph, node, w.data(), cout, fan_in, layer);
  layer.geom.cin = fan_in;
  layer.geom.cout = cout;
  layer.bias.assign(static_cast<size_t>(cout), 0);
  if (gemm) {
    layer.gemm_alpha = static_cast<float>(node.attrFloat("alpha", 1));
    if (node.inputs.size() > 2 && !node.inputs[2].empty())
      layer.bias =
          channelVector(graph, node, weightTensor(graph, node, 2), cout, node.attrFloat("beta", 1));
  }
  return layer;
}

} // namespace

ir::ConvGeometry convGeometry(const ir::Graph &graph, const ir::Node &node, const ir::Shape &w);

bool isLinearOp(const ir::Node &node) {
  return (node.domain.empty() && (node.op == "Conv" || node.op == "Gemm" || node.op == "MatMul")) ||
         isXnorPopcount(node);
}

int64_t maxWeightMagnitude(const LinearLayer &layer) {
  int64_t e = 0;
  for (int64_t v : layer.weight_offset)
    e = std::max(e, v < 0 ? -v : v);
  return (int64_t(1) << layer.weight_bits) - 1 + e;
}

ActivationLevels levelsOf(const ir::Node &binarize) {
  double high = binarize.attrFloat("high", 1), low = binarize.attrFloat("low", -1);
  return {(high + low) / 2, (high - low) / 2};
}

LinearLayer lowerLinear(const ir::Graph &graph, const ir::Node &node, ActivationLevels levels) {
  LinearLayer layer;
  if (node.op != "Conv") {
    layer = lowerDense(graph, node);
  } else {
    const ir::Tensor &w = weightTensor(graph, node, 1);
    layer.geom = convGeometry(graph, node, w.shape);
    binarizeRows(graph, node, w.data.as<float>(), layer.geom.cout, layer.geom.fanIn(), layer);
    layer.bias.assign(static_cast<size_t>(layer.geom.cout), 0);
    if (node.inputs.size() > 2 && !node.inputs[2].empty())
      layer.bias = channelVector(graph, node, weightTensor(graph, node, 2), layer.geom.cout, 1);
  }
  applyLevels(graph, node, levels, layer);
  layer.out_rank = static_cast<int64_t>(shapeOf(graph, node.outputs[0]).size());
  return layer;
}

} // namespace bnnc::passes
