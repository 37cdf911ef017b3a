#include "unit/passes/graph_util.h"
#include "bnnc/ir/interpreter.h"

namespace bnnc::test {

GraphBuilder::GraphBuilder(ir::Shape input_shape, int64_t opset) {
  graph_.source = "test.onnx";
  graph_.name = "test";
  graph_.opset = opset;
  graph_.inputs.push_back({"x", ir::DType::Float, std::move(input_shape)});
}

std::string GraphBuilder::constant(const std::string &name, ir::Shape shape,
                                   std::vector<double> data, ir::DType dtype) {
  graph_.constants[name] = ir::Tensor(dtype, std::move(shape), std::move(data));
  return name;
}

std::string GraphBuilder::node(const std::string &name, const std::string &op,
                               std::vector<std::string> in,
                               std::map<std::string, ir::Attribute> attrs,
                               const std::string &domain) {
  ir::Node n;
  n.name = name;
  n.op = op;
  n.domain = domain;
  n.index = static_cast<int>(graph_.nodes.size());
  n.inputs = std::move(in);
  n.outputs = {name + ":0"};
  n.attrs = std::move(attrs);
  graph_.nodes.push_back(n);
  return n.outputs[0];
}

ir::Graph GraphBuilder::finish(const std::string &output) {
  const ir::Value &in = graph_.inputs[0];
  ir::Tensor zero(in.shape, ir::Elements(ir::DType::Float, size_t(ir::numel(in.shape))));
  std::map<std::string, ir::Tensor> values = ir::runGraph(graph_, zero);
  graph_.values[in.name] = in;
  for (const auto &[name, t] : values)
    graph_.values[name] = {name, t.dtype(), t.shape};
  graph_.outputs = {{output, values.at(output).dtype(), values.at(output).shape}};
  return graph_;
}

ir::Program compile(const ir::Graph &graph, passes::CompileOptions options, Diagnostics &diag) {
  passes::PassContext ctx{options, diag};
  return passes::compileGraph(graph, ctx);
}

std::string compileError(const ir::Graph &graph, passes::CompileOptions options) {
  Diagnostics diag;
  try {
    compile(graph, options, diag);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

std::string addBatchNorm(GraphBuilder &b, const std::string &name, const std::string &x,
                         const BatchNorm &bn) {
  int64_t c = static_cast<int64_t>(bn.gamma.size());
  return b.node(name, "BatchNormalization",
                {x, b.constant(name + ".gamma", {c}, bn.gamma),
                 b.constant(name + ".beta", {c}, bn.beta), b.constant(name + ".mean", {c}, bn.mean),
                 b.constant(name + ".var", {c}, bn.var)},
                {{"epsilon", attrFloat(bn.eps)}});
}

} // namespace bnnc::test
