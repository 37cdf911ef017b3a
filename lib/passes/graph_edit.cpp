#include "graph_edit.h"

#include <algorithm>

namespace bnnc::passes {

void replaceUses(ir::Graph &graph, const std::string &from, const std::string &to) {
  for (ir::Node &node : graph.nodes)
    std::replace(node.inputs.begin(), node.inputs.end(), from, to);
  for (ir::Value &out : graph.outputs)
    if (out.name == from) {
      // The graph output keeps its shape; it is now read from `to`.
      out.name = to;
    }
}

void eraseNodes(ir::Graph &graph, const std::set<size_t> &dead) {
  std::vector<ir::Node> kept;
  kept.reserve(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    if (!dead.count(i))
      kept.push_back(std::move(graph.nodes[i]));
  graph.nodes = std::move(kept);
}

void eraseUnused(ir::Graph &graph) {
  for (bool changed = true; changed;) {
    std::set<std::string> read;
    for (const ir::Node &node : graph.nodes)
      read.insert(node.inputs.begin(), node.inputs.end());
    for (const ir::Value &out : graph.outputs)
      read.insert(out.name);
    std::set<size_t> dead;
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
      const auto &outs = graph.nodes[i].outputs;
      if (std::none_of(outs.begin(), outs.end(), [&](const std::string &o) { return read.count(o); }))
        dead.insert(i);
    }
    changed = !dead.empty();
    eraseNodes(graph, dead);
  }
}

std::string whereSource(const ir::Graph &graph, const ir::Node &node) {
  const ir::Attribute *source = node.attr("source_op");
  if (!source)
    return graph.where(node);
  ir::Node original = node;
  original.op = source->s;
  original.domain.clear();
  return graph.where(original);
}

bool constantScalar(const ir::Graph &graph, const std::string &name, double &value) {
  const ir::Tensor *t = graph.constant(name);
  if (!t || t->numel() != 1)
    return false;
  value = t->data[0];
  return true;
}

} // namespace bnnc::passes
