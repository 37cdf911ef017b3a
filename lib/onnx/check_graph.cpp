// Dataflow checks on the imported graph. ONNX requires nodes in topological order, so one walk
// in file order sees every value defined before it is read.
#include "import_internal.h"

#include <map>

namespace bnnc::onnx::detail {

namespace {

// "node 'a' (#1)": how a producer is named inside another node's message.
std::string describe(const ir::Node &node) {
  return "node '" + node.name + "' (#" + std::to_string(node.index) + ")";
}

[[noreturn]] void failNode(const ir::Graph &graph, const ir::Node &node, const std::string &m) {
  throw Error(graph.where(node) + ": error: " + m);
}

// A read of `name` that nothing earlier defines: name the later producer if there is one.
[[noreturn]] void undefinedInput(const ir::Graph &graph, size_t at, const std::string &name) {
  const ir::Node &node = graph.nodes[at];
  for (size_t j = at + 1; j < graph.nodes.size(); ++j)
    for (const std::string &out : graph.nodes[j].outputs)
      if (out == name)
        failNode(graph, node,
                 "input '" + name + "' is produced by " + describe(graph.nodes[j]) +
                     ", which comes later; nodes must be in topological order");
  failNode(graph, node,
           "input '" + name + "' is not produced by any node, initializer or graph input");
}

} // namespace

void checkDataflow(const ir::Graph &graph) {
  // Every defined value and what defines it, for duplicate-producer messages.
  std::map<std::string, std::string> defined;
  for (const auto &[name, t] : graph.constants)
    defined[name] = "an initializer";
  for (const ir::Value &v : graph.inputs)
    defined[v.name] = "the graph input";
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const ir::Node &node = graph.nodes[i];
    for (const std::string &in : node.inputs)
      if (!in.empty() && !defined.count(in))
        undefinedInput(graph, i, in);
    for (const std::string &out : node.outputs) {
      if (out.empty())
        continue;
      if (auto it = defined.find(out); it != defined.end())
        failNode(graph, node, "output '" + out + "' is already produced by " + it->second);
      defined[out] = describe(node);
    }
  }
  for (const ir::Value &v : graph.outputs)
    if (!defined.count(v.name))
      throw Error(graph.source + ": output '" + v.name +
                  "': error: not produced by any node, initializer or graph input");
}

} // namespace bnnc::onnx::detail
