// The op registry: every op the interpreter evaluates, collected from the op family files, and the
// schema check (checkNode) that the importer and evalNode apply to every node.
#include "kernel.h"

#include "bnnc/support/error.h"

#include <map>

namespace bnnc::ir {

using detail::OpDef;

namespace {

// Built once (thread-safe static initialization), keyed by "domain::op".
const std::map<std::string, OpDef> &registry() {
  static const std::map<std::string, OpDef> table = [] {
    std::map<std::string, OpDef> t;
    for (auto family : {detail::elementwiseOps, detail::basicOps, detail::linearOps,
                        detail::convOps, detail::poolingOps, detail::shapeOps, detail::layoutOps,
                        detail::normalizeOps, detail::softmaxOps, detail::quantizerOps,
                        detail::intQuantOps, detail::mathOps, detail::sliceOps, detail::reduceOps})
      for (OpDef &def : family())
        t.emplace(def.info.domain + "::" + def.info.op, def);
    return t;
  }();
  return table;
}

// Attribute kinds as ONNX spells them in lower case, for kind-mismatch messages.
std::string kindName(Attribute::Kind k) {
  switch (k) {
  case Attribute::Kind::Int:
    return "int";
  case Attribute::Kind::Float:
    return "float";
  case Attribute::Kind::String:
    return "string";
  case Attribute::Kind::Ints:
    return "ints";
  case Attribute::Kind::Floats:
    return "floats";
  case Attribute::Kind::Tensor:
    return "tensor";
  }
  return "?";
}

// "2", "1 to 3" or "at least 1" (hi < 0: variadic), for input and output count messages.
std::string countRange(int lo, int hi) {
  if (hi < 0)
    return "at least " + std::to_string(lo);
  if (lo == hi)
    return std::to_string(lo);
  return std::to_string(lo) + " to " + std::to_string(hi);
}

// Rejects attributes the op's schema does not list: an ignored attribute could silently change
// the meaning of the model (e.g. a layout or a mode flag).
void checkAttributes(const Graph &graph, const Node &node, const OpInfo &info) {
  auto fail = [&](const std::string &m) { throw Error(graph.where(node) + ": error: " + m); };
  for (const auto &[name, attr] : node.attrs) {
    const AttrSpec *spec = nullptr;
    for (const AttrSpec &s : info.attrs)
      if (s.name == name)
        spec = &s;
    if (!spec)
      fail("unsupported attribute '" + name + "' for " + opDisplayName(node.domain, node.op));
    if (spec->kind != attr.kind)
      fail("attribute '" + name + "' must be of type " + kindName(spec->kind) + ", got " +
           kindName(attr.kind));
  }
}

} // namespace

namespace detail {
const OpDef *findOpDef(const std::string &domain, const std::string &op) {
  auto it = registry().find(domain + "::" + op);
  return it == registry().end() ? nullptr : &it->second;
}
} // namespace detail

// The public view of the registry: the schema without the kernel.
const OpInfo *findOp(const std::string &domain, const std::string &op) {
  const OpDef *def = detail::findOpDef(domain, op);
  return def ? &def->info : nullptr;
}

std::vector<std::string> onnxOps() {
  std::vector<std::string> ops;
  for (const auto &[key, def] : registry())
    if (def.info.domain.empty() && !findOp("qonnx.custom_op.general", def.info.op))
      ops.push_back(def.info.op);
  return ops; // the registry is ordered by "::op"
}

std::string opDisplayName(const std::string &domain, const std::string &op) {
  return domain.empty() ? op : domain + "::" + op;
}

// Op first, then counts, then attributes: the first problem a reader would want to know about.
// Trailing empty input names count as inputs, as they do in ONNX.
void checkNode(const Graph &graph, const Node &node) {
  auto fail = [&](const std::string &m) { throw Error(graph.where(node) + ": error: " + m); };
  const OpInfo *info = findOp(node.domain, node.op);
  if (!info)
    fail("unsupported op " + opDisplayName(node.domain, node.op));
  int nin = static_cast<int>(node.inputs.size());
  if (nin < info->min_inputs || (info->max_inputs >= 0 && nin > info->max_inputs))
    fail(node.op + " takes " + countRange(info->min_inputs, info->max_inputs) + " inputs, got " +
         std::to_string(nin));
  int nout = static_cast<int>(node.outputs.size());
  if (nout < 1 || nout > info->max_outputs)
    fail(node.op + " has " + countRange(1, info->max_outputs) + " outputs, got " +
         std::to_string(nout));
  checkAttributes(graph, node, *info);
}

} // namespace bnnc::ir
