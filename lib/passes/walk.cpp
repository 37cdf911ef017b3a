// Navigation along the chain of layers: shapes, single consumers, layout-only ops.
#include "bnnc/ir/interpreter.h"
#include "bnnc/support/error.h"
#include "lowering.h"

#include <cassert>
#include <sstream>

namespace bnnc::passes {

const ir::Shape &shapeOf(const ir::Graph &graph, const std::string &value) {
  auto it = graph.values.find(value);
  assert(it != graph.values.end() && "the importer records every value's shape");
  return it->second.shape;
}

const ir::Node *soleConsumer(const ir::Graph &graph, const std::string &value) {
  std::vector<const ir::Node *> readers = graph.consumers(value);
  bool is_output = false;
  for (const ir::Value &out : graph.outputs)
    is_output |= out.name == value;
  if (readers.size() + is_output <= 1)
    return readers.empty() ? nullptr : readers[0];
  std::ostringstream s;
  s << graph.source << ": error: value '" << value << "' is read by " << readers.size() + is_output
    << " readers (";
  for (size_t i = 0; i < readers.size(); ++i)
    s << (i ? ", " : "") << "'" << readers[i]->name << "' #" << readers[i]->index;
  s << (is_output ? (readers.empty() ? "" : ", ") + std::string("the graph output") : "")
    << "); bnnc compiles a chain of layers without branches";
  throw Error(s.str());
}

namespace {
// A Transpose keeps the memory order when the axes it moves, other than those of size 1, stay
// in the same relative order.
bool layoutTranspose(const ir::Graph &graph, const ir::Node &node) {
  const ir::Shape &in = shapeOf(graph, node.inputs[0]);
  std::vector<int64_t> perm = node.attrInts("perm", {});
  if (perm.empty())
    for (int64_t i = int64_t(in.size()) - 1; i >= 0; --i)
      perm.push_back(i);
  int64_t last = -1;
  for (int64_t axis : perm) {
    if (in[size_t(axis)] == 1)
      continue;
    if (axis < last)
      return false;
    last = axis;
  }
  return true;
}
} // namespace

bool isLayoutOp(const ir::Graph &graph, const ir::Node &node) {
  const ir::OpInfo *info = ir::findOp(node.domain, node.op);
  if (!info || !info->layout_only || !graph.values.count(node.inputs[0]))
    return false;
  return node.op != "Transpose" || layoutTranspose(graph, node);
}

std::string skipLayout(const ir::Graph &graph, std::string value) {
  while (const ir::Node *node = soleConsumer(graph, value)) {
    if (!isLayoutOp(graph, *node))
      break;
    value = node->outputs[0];
  }
  return value;
}

} // namespace bnnc::passes
