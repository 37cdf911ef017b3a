// Pass eliminate-noops: Identity and inference-mode Dropout forward their input unchanged, so
// their readers can read the input directly. PyTorch writes Identity nodes for de-duplicated
// initializers (folded into constants by the importer) and between layers.
#include "bnnc/passes/passes.h"
#include "graph_edit.h"

namespace bnnc::passes {

void eliminateNoOps(ir::Graph &graph, PassContext &ctx) {
  std::set<size_t> dead;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const ir::Node &node = graph.nodes[i];
    bool forward = node.domain.empty() && (node.op == "Identity" || node.op == "Dropout");
    if (!forward)
      continue;
    // Dropout's optional mask output must be unused; eraseUnused keeps a node whose mask is read.
    if (node.op == "Dropout" && node.outputs.size() > 1 && !graph.consumers(node.outputs[1]).empty())
      continue;
    replaceUses(graph, node.outputs[0], node.inputs[0]);
    ctx.role(node.name, "no-op, removed");
    dead.insert(i);
  }
  eraseNodes(graph, dead);
}

} // namespace bnnc::passes
