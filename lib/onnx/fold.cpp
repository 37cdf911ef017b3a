// Constant nodes, shape propagation and constant folding.
//
// Shapes are propagated by running the graph once on a zero input of the input's shape (batch
// fixed to 1): the interpreter computes every value, so its shape and dtype are known exactly,
// including shapes that depend on computed shape tensors (Shape -> Gather -> Concat -> Reshape).
// Folding then walks the nodes in topological order: a node is constant when all its inputs are
// constants, or when it is a Shape node (its input's shape is fixed once the batch is 1); its
// outputs, taken from the propagation run, become constants and the node is removed. Since a
// node's inputs are classified before the node itself, one walk reaches the fixed point that
// repeating "fold, propagate" would reach: no further node can become constant afterwards.
#include "import_internal.h"

#include "bnnc/ir/interpreter.h"

namespace bnnc::onnx::detail {

namespace {

void materializeConstantNodes(ir::Graph &graph) {
  std::vector<ir::Node> kept;
  for (ir::Node &node : graph.nodes) {
    if (node.op == "Constant" && node.domain.empty())
      graph.constants[node.outputs[0]] = std::move(ir::evalNode(graph, node, {})[0]);
    else
      kept.push_back(std::move(node));
  }
  graph.nodes = std::move(kept);
}

void record(ir::Graph &graph, const std::string &name, const ir::Tensor &t) {
  graph.values[name] = ir::Value{name, t.dtype, t.shape};
}

bool foldable(const ir::Graph &graph, const ir::Node &node) {
  if (node.op == "Shape" && node.domain.empty())
    return true;
  for (const std::string &in : node.inputs)
    if (!in.empty() && !graph.constant(in))
      return false;
  return true;
}

} // namespace

void foldConstants(ir::Graph &graph) {
  materializeConstantNodes(graph);
  const ir::Value &in = graph.inputs[0];
  ir::Tensor zero(in.dtype, in.shape, std::vector<double>(size_t(ir::numel(in.shape)), 0.0));
  std::map<std::string, ir::Tensor> computed = ir::runGraph(graph, zero);
  for (const auto &[name, t] : graph.constants)
    record(graph, name, t);
  for (const auto &[name, t] : computed)
    record(graph, name, t);
  std::vector<ir::Node> kept;
  for (ir::Node &node : graph.nodes) {
    if (!foldable(graph, node)) {
      kept.push_back(std::move(node));
      continue;
    }
    for (const std::string &out : node.outputs)
      if (!out.empty())
        graph.constants[out] = computed.at(out);
  }
  graph.nodes = std::move(kept);
  for (ir::Value &v : graph.outputs)
    v = graph.values.at(v.name);
}

} // namespace bnnc::onnx::detail
