// Multi-level quantizers (a QONNX Quant of more than one bit, a MultiThreshold with several
// thresholds), shared by the input stage and the layers with multi-bit outputs: their output
// values, as the model computes them, and the evenly spaced levels a layer reads after them.
#include "bnnc/ir/interpreter.h"
#include "bnnc/ir/quant.h"
#include "bnnc/support/error.h"
#include "graph_edit.h"
#include "lowering.h"

#include <algorithm>

namespace bnnc::passes {

bool isMultiLevelQuantizer(const ir::Node *node) {
  return node && ir::isQonnxDomain(node->domain) &&
         (node->op == "Quant" || node->op == "MultiThreshold");
}

// The quantizer's output values, each computed as its kernel does in float32.
std::vector<double> quantizerValues(const ir::Graph &graph, const ir::Node &q) {
  auto fail = [&](const std::string &m) { throw Error(graph.where(q) + ": error: " + m); };
  std::vector<double> values;
  if (q.op == "Quant") {
    double s = 0, z = 0, bits = 0;
    if (!constantScalar(graph, q.inputs[1], s) || !constantScalar(graph, q.inputs[2], z) ||
        !constantScalar(graph, q.inputs[3], bits))
      fail("a multi-bit quantizer needs a constant scalar scale, zero point and bit width (a "
           "per-channel scale is not supported)");
    ir::IntRange r =
        ir::intRange(q.attrInt("signed", 1) != 0, q.attrInt("narrow", 0) != 0, int64_t(bits));
    for (double v = r.lo; v <= r.hi; ++v)
      values.push_back(float(float(float(v) - float(z)) * float(s)));
  } else {
    const ir::Tensor &t = *graph.constant(q.inputs[1]);
    float scale = float(q.attrFloat("out_scale", 1)), bias = float(q.attrFloat("out_bias", 0));
    for (int64_t j = 0; j <= t.shape.back(); ++j)
      values.push_back(float(scale * float(j) + bias));
  }
  for (size_t j = 1; j < values.size(); ++j)
    if (!(values[j] > values[j - 1]))
      fail("the quantizer's levels must increase (a positive scale)");
  return values;
}

// The values the next layer reads: the quantizer's, through the per-tensor ops after it (`after`,
// evaluated on a probe of the quantizer's output shape), checked to be evenly spaced: the
// bit-serial arithmetic lo * A + step * S is then exact.
std::vector<int64_t> quantizerCodes(const ir::Graph &graph, const ir::Node &q, const ir::Tensor &in,
                                    const std::vector<double> &values) {
  std::vector<const ir::Tensor *> args = {&in};
  for (size_t i = 1; i < q.inputs.size(); ++i)
    args.push_back(graph.constant(q.inputs[i]));
  ir::Tensor y = ir::evalNode(graph, q, args)[0];
  std::vector<int64_t> codes(y.data.size());
  for (size_t i = 0; i < codes.size(); ++i)
    codes[i] = std::lower_bound(values.begin(), values.end(), y.data[i]) - values.begin();
  return codes;
}

ValueLevels readLevels(const ir::Graph &graph, const ir::Node &q, const ChannelChain &after,
                       Diagnostics &diag) {
  auto fail = [&](const std::string &m) { throw Error(graph.where(q) + ": error: " + m); };
  std::vector<double> values = quantizerValues(graph, q);
  ChainEvaluator eval(graph, nullptr, after, shapeOf(graph, q.outputs[0]));
  for (double &v : values) {
    ir::Tensor y = eval.fromPool(eval.toPool(std::vector<double>(size_t(eval.channels()), v)));
    for (size_t i = 1; i < y.data.size(); ++i)
      if (y.data[i] != y.data[0])
        fail("the ops after the quantizer differ between elements; bnnc folds per-tensor ops "
             "there");
    v = y.data[0];
  }
  ValueLevels lv{values[0], values[1] - values[0], int64_t(values.size())};
  if (!(lv.step > 0))
    fail("the quantizer's levels must increase");
  bool exact = true;
  for (size_t j = 0; j < values.size(); ++j)
    exact &= values[j] == lv.lo + double(j) * lv.step;
  if (!exact)
    diag.warn(graph.where(q) + ": warning: the quantizer's float32 levels are not exactly evenly "
                               "spaced; the chip's sums over them differ from the model's by "
                               "float32 rounding");
  return lv;
}

} // namespace bnnc::passes
