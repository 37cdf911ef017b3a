// Helpers for interpreter tests: graphs, nodes, attributes and tensors built directly in the IR.
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/ir/interpreter.h"

#include <optional>
#include <string>
#include <vector>

namespace bnnc::test {

ir::Attribute attrInt(int64_t v);
ir::Attribute attrFloat(double v);
ir::Attribute attrInts(std::vector<int64_t> v);
ir::Attribute attrString(std::string v);
ir::Attribute attrTensor(ir::Tensor t);

ir::Tensor floats(ir::Shape shape, std::vector<double> values);
ir::Tensor ints(ir::Shape shape, std::vector<double> values);
ir::Tensor bools(ir::Shape shape, std::vector<double> values);

ir::Node makeNode(std::string op, size_t inputs, std::map<std::string, ir::Attribute> attrs = {},
                  std::string domain = "", size_t outputs = 1);

// Evaluates `node` in a graph of the given opset ("t.onnx"); std::nullopt marks an absent input.
std::vector<ir::Tensor> eval(const ir::Node &node, const std::vector<std::optional<ir::Tensor>> &in,
                             int64_t opset = 13);
// The first output only.
ir::Tensor eval1(const ir::Node &node, const std::vector<std::optional<ir::Tensor>> &in,
                 int64_t opset = 13);
// The message of the bnnc::Error that evaluating the node throws ("" when none is thrown).
std::string evalError(const ir::Node &node, const std::vector<std::optional<ir::Tensor>> &in,
                      int64_t opset = 13);

} // namespace bnnc::test
