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
//
// Memory: the walk frees every computed value once the last node reading it has run, and every
// constant once the last node reading it has been folded (a latent weight, once Sign(W) is a
// constant), so a weight is held in at most two or three forms at a time, not in all of them,
// each at its dtype's width (float32, one byte per element for the comparison's bools).
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
  graph.values[name] = ir::Value{name, t.dtype(), t.shape};
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

namespace {

// The walk's state: the values computed so far that are not constants, the readers each value
// has left, and the elements held (computed values and folded constants), bounded by
// ir::kMaxRunElements as in a run of the interpreter.
class FoldWalk {
public:
  FoldWalk(ir::Graph &graph, const std::set<int> &not_runnable)
      : graph_(graph), not_runnable_(not_runnable) {
    for (const ir::Node &node : graph.nodes)
      for (const std::string &in : node.inputs)
        if (!in.empty())
          ++readers_[in];
    for (const ir::Value &v : graph.outputs)
      needed_.insert(v.name);
    const ir::Value &in = graph.inputs[0];
    ir::Tensor zero(in.shape, ir::Elements(in.dtype, size_t(ir::numel(in.shape))));
    held_ = zero.numel();
    record(graph, in.name, zero);
    computed_[in.name] = std::move(zero);
  }

  // Runs the node if it can run; folds it if it is constant. True when it was folded.
  bool visit(const ir::Node &node) {
    std::vector<const ir::Tensor *> args;
    bool missing = false;
    for (const std::string &name : node.inputs) {
      const ir::Tensor *t = name.empty() ? nullptr : find(name);
      missing |= !name.empty() && !t;
      args.push_back(t);
    }
    bool folded = false;
    if (!not_runnable_.count(node.index) && !missing) {
      std::vector<ir::Tensor> out = ir::evalNode(graph_, node, args, held_, ir::kMaxRunElements);
      for (size_t i = 0; i < out.size(); ++i)
        if (!node.outputs[i].empty())
          record(graph_, node.outputs[i], out[i]);
      folded = foldable(graph_, node);
      for (size_t i = 0; i < out.size(); ++i)
        if (!node.outputs[i].empty()) {
          held_ += out[i].numel();
          if (folded)
            folded_.insert(node.outputs[i]);
          (folded ? graph_.constants : computed_)[node.outputs[i]] = std::move(out[i]);
        }
    }
    if (!folded)
      for (const std::string &in : node.inputs)
        needed_.insert(in);
    for (const std::string &in : node.inputs)
      if (!in.empty() && --readers_[in] == 0)
        release(in);
    return folded;
  }

private:
  const ir::Tensor *find(const std::string &name) const {
    auto it = computed_.find(name);
    return it != computed_.end() ? &it->second : graph_.constant(name);
  }

  // No node reads `name` any more: a computed value goes; a constant goes unless a node that
  // stays in the graph reads it, or it is a graph output.
  void release(const std::string &name) {
    if (auto it = computed_.find(name); it != computed_.end()) {
      held_ -= it->second.numel();
      computed_.erase(it);
    } else if (!needed_.count(name) && graph_.constants.count(name)) {
      if (folded_.count(name))
        held_ -= graph_.constants[name].numel();
      graph_.constants.erase(name);
    }
  }

  ir::Graph &graph_;
  const std::set<int> &not_runnable_;
  std::map<std::string, ir::Tensor> computed_;
  std::map<std::string, int> readers_;
  std::set<std::string> needed_, folded_;
  int64_t held_ = 0;
};

} // namespace

void foldConstants(ir::Graph &graph, const std::set<int> &not_runnable, Diagnostics &diag) {
  materializeConstantNodes(graph, not_runnable);
  for (const auto &[name, t] : graph.constants)
    record(graph, name, t);
  FoldWalk walk(graph, not_runnable);
  std::vector<ir::Node> kept;
  for (ir::Node &node : graph.nodes) {
    if (!ir::findOp(node.domain, node.op))
      explainUnknownOp(graph, node, diag);
    if (!walk.visit(node))
      kept.push_back(std::move(node));
  }
  graph.nodes = std::move(kept);
  for (ir::Value &v : graph.outputs)
    if (auto it = graph.values.find(v.name); it != graph.values.end())
      v = it->second;
}

} // namespace bnnc::onnx::detail
