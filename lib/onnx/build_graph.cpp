// ModelProto -> ir::Graph: metadata, initializers, the graph input (batch fixed to 1), nodes with
// their attributes (each checked against its op's schema) and the output names.
#include "import_internal.h"

#include "bnnc/ir/interpreter.h"
#include "bnnc/support/text.h"

namespace bnnc::onnx::detail {

namespace {

using Kind = ir::Attribute::Kind;

// Every string bnnc keeps from the model ends up in messages, JSON reports and the chip image:
// it must be printable UTF-8 (a NUL would cut a message short, a newline split it, invalid UTF-8
// break the JSON writers and the image format).
void requirePrintable(const std::string &place, const std::string &what, const std::string &s) {
  if (!isPrintableUtf8(s))
    throw Error(place + ": error: " + what + " " + quoteForMessage(s) +
                " is not printable UTF-8 (it holds a control character or an invalid byte)");
}

// The opset of the default domain ("" or its alias "ai.onnx"): it selects the forms of
// Squeeze/Unsqueeze, Clip, Softmax and Dropout. Custom domains' versions are not used.
int64_t defaultOpset(const pb::ModelProto &model, const std::string &source, Diagnostics &diag) {
  for (const pb::OperatorSetIdProto &op : model.opset_import())
    if (op.domain().empty() || op.domain() == "ai.onnx") {
      if (op.version() < 9 || op.version() > 17)
        diag.warn(source + ": warning: opset " + std::to_string(op.version()) +
                  " is outside the range bnnc is tested with (9 to 17)");
      return op.version();
    }
  throw Error(source + ": error: the model imports no opset of the default ONNX domain");
}

// Old exporters leave the attribute type UNDEFINED; the field that is set tells it then.
pb::AttributeProto::AttributeType attributeType(const pb::AttributeProto &a) {
  if (a.type() != pb::AttributeProto::UNDEFINED)
    return a.type();
  return a.has_f()             ? pb::AttributeProto::FLOAT
         : a.has_i()           ? pb::AttributeProto::INT
         : a.has_s()           ? pb::AttributeProto::STRING
         : a.has_t()           ? pb::AttributeProto::TENSOR
         : a.floats_size() > 0 ? pb::AttributeProto::FLOATS
         : a.ints_size() > 0   ? pb::AttributeProto::INTS
                               : pb::AttributeProto::UNDEFINED;
}

// ONNX attribute -> IR attribute; graphs, sparse tensors and lists of strings or tensors have no
// IR form (no supported op takes them).
ir::Attribute decodeAttribute(const pb::AttributeProto &a, const TensorSite &site) {
  ir::Attribute out;
  switch (attributeType(a)) {
  case pb::AttributeProto::FLOAT:
    out.kind = Kind::Float, out.f = a.f();
    break;
  case pb::AttributeProto::INT:
    out.kind = Kind::Int, out.i = a.i();
    break;
  case pb::AttributeProto::STRING:
    requirePrintable(site.place, "attribute '" + a.name() + "' value", a.s());
    out.kind = Kind::String, out.s = a.s();
    break;
  case pb::AttributeProto::FLOATS:
    out.kind = Kind::Floats, out.floats.assign(a.floats().begin(), a.floats().end());
    break;
  case pb::AttributeProto::INTS:
    out.kind = Kind::Ints, out.ints.assign(a.ints().begin(), a.ints().end());
    break;
  case pb::AttributeProto::TENSOR:
    out.kind = Kind::Tensor, out.t = decodeTensor(a.t(), site);
    break;
  default:
    failAt(site, "attribute '" + a.name() + "' has unsupported type " +
                     pb::AttributeProto::AttributeType_Name(attributeType(a)));
  }
  return out;
}

// One NodeProto -> ir::Node. A node whose op bnnc does not know, or whose inputs, outputs or
// attributes do not fit its op's schema, is kept (so that the other nodes are still checked and
// `bnnc inspect` can show the whole graph), recorded as a problem and returned as not
// runnable. An unknown op's attributes are not decoded: If or Loop carry graphs that bnnc has
// no form for.
ir::Node convertNode(const pb::NodeProto &p, int index, const ir::Graph &graph,
                     const std::string &model_dir, Diagnostics &diag, bool &runnable) {
  std::string at = graph.source + ": node #" + std::to_string(index);
  requirePrintable(at, "the node name", p.name());
  requirePrintable(at, "the op type", p.op_type());
  requirePrintable(at, "the domain", p.domain());
  ir::Node node;
  node.op = p.op_type();
  node.domain = p.domain() == "ai.onnx" ? "" : p.domain();
  node.name = p.name().empty() ? node.op + "_" + std::to_string(index) : p.name();
  node.index = index;
  node.inputs.assign(p.input().begin(), p.input().end());
  node.outputs.assign(p.output().begin(), p.output().end());
  TensorSite site{graph.where(node), model_dir};
  for (const std::string &name : node.inputs)
    requirePrintable(site.place, "input name", name);
  for (const std::string &name : node.outputs)
    requirePrintable(site.place, "output name", name);
  for (const pb::AttributeProto &a : p.attribute())
    requirePrintable(site.place, "attribute name", a.name());
  runnable = ir::findOp(node.domain, node.op) != nullptr;
  if (!runnable) {
    diag.problem(node.name,
                 site.place + ": error: unsupported op " + ir::opDisplayName(node.domain, node.op));
    return node;
  }
  for (const pb::AttributeProto &a : p.attribute())
    if (!node.attrs.emplace(a.name(), decodeAttribute(a, site)).second)
      failAt(site, "attribute '" + a.name() + "' is given twice");
  try {
    ir::checkNode(graph, node);
  } catch (const Error &e) {
    diag.problem(node.name, e.what());
    runnable = false;
  }
  return node;
}

// Initializers become constants (whether or not they are also listed as graph inputs).
void addInitializers(const pb::GraphProto &g, const std::string &source,
                     const std::string &model_dir, ir::Graph &graph) {
  if (g.sparse_initializer_size() > 0)
    throw Error(source + ": initializer '" + g.sparse_initializer(0).values().name() +
                "': error: sparse initializers are not supported");
  for (int i = 0; i < g.initializer_size(); ++i) {
    const pb::TensorProto &t = g.initializer(i);
    requirePrintable(source + ": initializer #" + std::to_string(i), "the name", t.name());
    TensorSite site{source + ": initializer '" + t.name() + "'", model_dir};
    if (graph.constants.count(t.name()))
      failAt(site, "defined twice");
    graph.constants[t.name()] = decodeTensor(t, site);
  }
}

// One dimension of the graph input. The first (batch) may be anything and becomes 1; the others
// must be fixed and positive.
int64_t inputDim(const pb::TensorShapeProto::Dimension &d, int i, const TensorSite &site,
                 Diagnostics &diag) {
  if (i == 0) {
    if (d.has_dim_value() && d.dim_value() > 1)
      diag.warn(site.place + ": warning: batch dimension " + std::to_string(d.dim_value()) +
                " is replaced by 1 (bnnc runs one sample at a time)");
    return 1;
  }
  if (d.has_dim_param())
    failAt(site, "dimension " + std::to_string(i) + " is dynamic ('" + d.dim_param() +
                     "'); only the first (batch) dimension may be");
  if (!d.has_dim_value())
    failAt(site, "dimension " + std::to_string(i) +
                     " has no size; only the first (batch) dimension may be dynamic");
  if (d.dim_value() <= 0)
    failAt(site, "dimension " + std::to_string(i) + " must be positive, got " +
                     std::to_string(d.dim_value()));
  return d.dim_value();
}

// The graph input as an IR value, batch dimension fixed to 1; its declared shape must be
// known so that shape propagation can run.
ir::Value convertInput(const pb::ValueInfoProto &v, const std::string &source, Diagnostics &diag) {
  TensorSite site{source + ": input '" + v.name() + "'", ""};
  if (!v.type().has_tensor_type())
    failAt(site, "is not a tensor");
  const pb::TypeProto::Tensor &t = v.type().tensor_type();
  ir::Value value{v.name(), elementType(t.elem_type(), site), {}};
  if (!t.has_shape())
    failAt(site, "has no shape");
  for (int i = 0; i < t.shape().dim_size(); ++i)
    value.shape.push_back(inputDim(t.shape().dim(i), i, site, diag));
  if (ir::numel(value.shape) > ir::kMaxTensorElements)
    failAt(site, "shape " + ir::shapeString(value.shape) + " has more than " +
                     std::to_string(ir::kMaxTensorElements) + " elements");
  return value;
}

// The graph inputs that are not initializers: bnnc needs exactly one.
void addInput(const pb::GraphProto &g, ir::Graph &graph, Diagnostics &diag) {
  std::vector<const pb::ValueInfoProto *> real;
  for (int i = 0; i < g.input_size(); ++i)
    requirePrintable(graph.source + ": graph input #" + std::to_string(i), "the name",
                     g.input(i).name());
  for (const pb::ValueInfoProto &v : g.input())
    if (!graph.constants.count(v.name()))
      real.push_back(&v);
  if (real.size() != 1) {
    std::string names;
    for (const pb::ValueInfoProto *v : real)
      names += (names.empty() ? "'" : ", '") + v->name() + "'";
    throw Error(graph.source + ": error: the graph has " + std::to_string(real.size()) + " inputs" +
                (names.empty() ? "" : " (" + names + ")") +
                " besides its initializers; bnnc needs exactly one");
  }
  graph.inputs.push_back(convertInput(*real[0], graph.source, diag));
}

} // namespace

// The outputs' dtypes and shapes are filled in by foldConstants once propagation has run.
// Nodes that cannot run (an unknown op, a schema problem) are listed in `not_runnable`.
void buildGraph(const pb::ModelProto &model, const std::string &model_dir, ir::Graph &graph,
                Diagnostics &diag, std::set<int> &not_runnable) {
  const pb::GraphProto &g = model.graph();
  requirePrintable(graph.source, "the producer name", model.producer_name());
  requirePrintable(graph.source, "the producer version", model.producer_version());
  requirePrintable(graph.source, "the graph name", g.name());
  for (int i = 0; i < g.output_size(); ++i)
    requirePrintable(graph.source + ": graph output #" + std::to_string(i), "the name",
                     g.output(i).name());
  graph.producer = model.producer_name();
  if (!model.producer_version().empty())
    graph.producer += " " + model.producer_version();
  graph.name = g.name();
  graph.opset = defaultOpset(model, graph.source, diag);
  addInitializers(g, graph.source, model_dir, graph);
  addInput(g, graph, diag);
  for (int i = 0; i < g.node_size(); ++i) {
    bool runnable = true;
    graph.nodes.push_back(convertNode(g.node(i), i, graph, model_dir, diag, runnable));
    if (!runnable)
      not_runnable.insert(i);
  }
  for (const pb::ValueInfoProto &v : g.output())
    graph.outputs.push_back(ir::Value{v.name(), ir::DType::Float, {}});
  if (graph.outputs.empty())
    throw Error(graph.source + ": error: the graph has no output");
}

} // namespace bnnc::onnx::detail
