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
//
// Nodes that cannot run (an op without a kernel, a schema problem) are skipped by the
// propagation run, and so is every node that reads what they produce: those values get no
// shape, and the graph keeps them for the passes to report. Folding therefore never depends on
// which other ops a model holds: Pow(318.2, 0.5) folds next to an unsupported op.
#include "import_internal.h"

#include "bnnc/ir/interpreter.h"

namespace bnnc::onnx::detail {

namespace {

void materializeConstantNodes(ir::Graph &graph, const std::set<int> &not_runnable) {
  std::vector<ir::Node> kept;
  for (ir::Node &node : graph.nodes) {
    if (node.op == "Constant" && node.domain.empty() && !not_runnable.count(node.index))
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
    return graph.values.count(node.inputs[0]) > 0;
  for (const std::string &in : node.inputs)
    if (!in.empty() && !graph.constant(in))
      return false;
  return true;
}

// An op bnnc does not know (buildGraph recorded it) that only computes a constant, which bnnc
// would have folded had it a kernel for the op: the problem says so.
void explainUnknownOp(const ir::Graph &graph, const ir::Node &node, Diagnostics &diag) {
  std::string op = ir::opDisplayName(node.domain, node.op);
  std::string plain = graph.where(node) + ": error: unsupported op " + op;
  for (Problem &p : diag.problems)
    if (p.message == plain && foldable(graph, node) && node.op != "Shape")
      p.message += ": it only computes a constant from constant inputs (a weight, a shape or a "
                   "normalization factor), but bnnc cannot evaluate " +
                   op + " to fold it (docs/passes.md lists the ops it folds)";
}

} // namespace

void foldConstants(ir::Graph &graph, const std::set<int> &not_runnable, Diagnostics &diag) {
  materializeConstantNodes(graph, not_runnable);
  const ir::Value &in = graph.inputs[0];
  ir::Tensor zero(in.dtype, in.shape, std::vector<double>(size_t(ir::numel(in.shape)), 0.0));
  std::map<std::string, ir::Tensor> computed = ir::runGraphPartial(
      graph, zero, [&](const ir::Node &node) { return !not_runnable.count(node.index); });
  for (const auto &[name, t] : graph.constants)
    record(graph, name, t);
  for (const auto &[name, t] : computed)
    record(graph, name, t);
  std::vector<ir::Node> kept;
  for (ir::Node &node : graph.nodes) {
    bool evaluated = !node.outputs.empty() && computed.count(node.outputs[0]);
    if (!ir::findOp(node.domain, node.op))
      explainUnknownOp(graph, node, diag);
    if (!evaluated || !foldable(graph, node)) {
      kept.push_back(std::move(node));
      continue;
    }
    for (const std::string &out : node.outputs)
      if (!out.empty())
        graph.constants[out] = computed.at(out);
  }
  graph.nodes = std::move(kept);
  for (ir::Value &v : graph.outputs)
    if (auto it = graph.values.find(v.name); it != graph.values.end())
      v = it->second;
}

} // namespace bnnc::onnx::detail
