#include "bnnc/ir/graph.h"

#include <cassert>

namespace bnnc::ir {

// The importer checks every attribute's kind against the op's schema (checkNode), so a kind
// mismatch here is a bug in the caller, not a problem with the user's model.

Attribute Attribute::ofInt(int64_t v) {
  Attribute a;
  a.kind = Kind::Int;
  a.i = v;
  return a;
}

Attribute Attribute::ofFloat(double v) {
  Attribute a;
  a.kind = Kind::Float;
  a.f = v;
  return a;
}

Attribute Attribute::ofString(std::string v) {
  Attribute a;
  a.kind = Kind::String;
  a.s = std::move(v);
  return a;
}

Attribute Attribute::ofInts(std::vector<int64_t> v) {
  Attribute a;
  a.kind = Kind::Ints;
  a.ints = std::move(v);
  return a;
}

const Attribute *Node::attr(const std::string &key) const {
  auto it = attrs.find(key);
  return it == attrs.end() ? nullptr : &it->second;
}

int64_t Node::attrInt(const std::string &key, int64_t fallback) const {
  const Attribute *a = attr(key);
  assert(!a || a->kind == Attribute::Kind::Int);
  return a ? a->i : fallback;
}

double Node::attrFloat(const std::string &key, double fallback) const {
  const Attribute *a = attr(key);
  assert(!a || a->kind == Attribute::Kind::Float);
  return a ? a->f : fallback;
}

std::vector<int64_t> Node::attrInts(const std::string &key, std::vector<int64_t> fallback) const {
  const Attribute *a = attr(key);
  assert(!a || a->kind == Attribute::Kind::Ints);
  return a ? a->ints : fallback;
}

std::string Node::attrString(const std::string &key, const std::string &fallback) const {
  const Attribute *a = attr(key);
  assert(!a || a->kind == Attribute::Kind::String);
  return a ? a->s : fallback;
}

// Non-default domains are shown as "domain::Op" so that a custom op is never mistaken for the
// ONNX op of the same name.
std::string Graph::where(const Node &node) const {
  std::string op = node.domain.empty() ? node.op : node.domain + "::" + node.op;
  return source + ": node '" + node.name + "' (" + op + ", #" + std::to_string(node.index) + ")";
}

const Tensor *Graph::constant(const std::string &name) const {
  auto it = constants.find(name);
  return it == constants.end() ? nullptr : &it->second;
}

// Linear scans: graphs have at most a few hundred nodes and passes call these rarely. A node
// that reads the value twice is listed once.
std::vector<const Node *> Graph::consumers(const std::string &value) const {
  std::vector<const Node *> result;
  for (const Node &node : nodes)
    for (const std::string &in : node.inputs)
      if (in == value) {
        result.push_back(&node);
        break;
      }
  return result;
}

// ONNX is SSA (the importer rejects duplicate producers), so the first match is the only one.
const Node *Graph::producerOf(const std::string &value) const {
  for (const Node &node : nodes)
    for (const std::string &out : node.outputs)
      if (out == value)
        return &node;
  return nullptr;
}

} // namespace bnnc::ir
