#include "unit/ir/eval_util.h"

#include "bnnc/support/error.h"

namespace bnnc::test {

ir::Attribute attrInt(int64_t v) { return ir::Attribute::ofInt(v); }

ir::Attribute attrFloat(double v) {
  return ir::Attribute::ofFloat(double(float(v))); // ONNX stores float attributes
}

ir::Attribute attrInts(std::vector<int64_t> v) { return ir::Attribute::ofInts(std::move(v)); }

ir::Attribute attrString(std::string v) { return ir::Attribute::ofString(std::move(v)); }

ir::Attribute attrTensor(ir::Tensor t) {
  ir::Attribute a;
  a.kind = ir::Attribute::Kind::Tensor;
  a.t = std::move(t);
  return a;
}

ir::Tensor floats(ir::Shape shape, std::vector<double> values) {
  for (double &v : values)
    v = double(float(v));
  return ir::Tensor(ir::DType::Float, std::move(shape), std::move(values));
}

ir::Tensor ints(ir::Shape shape, std::vector<double> values) {
  return ir::Tensor(ir::DType::Int64, std::move(shape), std::move(values));
}

ir::Tensor bools(ir::Shape shape, std::vector<double> values) {
  return ir::Tensor(ir::DType::Bool, std::move(shape), std::move(values));
}

ir::Node makeNode(std::string op, size_t inputs, std::map<std::string, ir::Attribute> attrs,
                  std::string domain, size_t outputs) {
  ir::Node n;
  n.name.assign(1, 'n'); // (operator= with a literal trips GCC 12 -Wrestrict)
  n.op = std::move(op);
  n.domain = std::move(domain);
  n.index = 3;
  for (size_t i = 0; i < inputs; ++i)
    n.inputs.push_back("in" + std::to_string(i));
  for (size_t i = 0; i < outputs; ++i)
    n.outputs.push_back("out" + std::to_string(i));
  n.attrs = std::move(attrs);
  return n;
}

std::vector<ir::Tensor> eval(const ir::Node &node, const std::vector<std::optional<ir::Tensor>> &in,
                             int64_t opset) {
  ir::Graph g;
  g.source = "t.onnx";
  g.opset = opset;
  std::vector<const ir::Tensor *> ptrs;
  for (const auto &t : in)
    ptrs.push_back(t ? &*t : nullptr);
  return ir::evalNode(g, node, ptrs);
}

ir::Tensor eval1(const ir::Node &node, const std::vector<std::optional<ir::Tensor>> &in,
                 int64_t opset) {
  return eval(node, in, opset).at(0);
}

std::string evalError(const ir::Node &node, const std::vector<std::optional<ir::Tensor>> &in,
                      int64_t opset) {
  try {
    eval(node, in, opset);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

} // namespace bnnc::test
