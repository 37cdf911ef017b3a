// The graph IR: the ONNX graph as imported, with the batch dimension fixed to 1. Nodes keep their
// ONNX op type, domain, name and position in the source file so that every diagnostic can name
// them. Constants (initializers, Constant nodes, folded subgraphs) live in `constants`.
#pragma once

#include "bnnc/ir/tensor.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::ir {

struct Attribute {
  enum class Kind { Int, Float, String, Ints, Floats, Tensor };
  Kind kind = Kind::Int;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  ir::Tensor t;

  static Attribute ofInt(int64_t v);
  static Attribute ofFloat(double v);
  static Attribute ofString(std::string v);
  static Attribute ofInts(std::vector<int64_t> v);
};

struct Node {
  std::string name;   // ONNX node name; the importer names unnamed nodes "<op>_<index>"
  std::string op;     // ONNX op type, e.g. "Conv"
  std::string domain; // "" for the default ONNX domain
  int index = 0;      // position in the source file's node list, shown as #index
  std::vector<std::string> inputs;  // "" marks an absent optional input
  std::vector<std::string> outputs;
  std::map<std::string, Attribute> attrs;

  const Attribute *attr(const std::string &key) const;
  int64_t attrInt(const std::string &key, int64_t fallback) const;
  double attrFloat(const std::string &key, double fallback) const;
  std::vector<int64_t> attrInts(const std::string &key, std::vector<int64_t> fallback) const;
  std::string attrString(const std::string &key, const std::string &fallback) const;
};

struct Value {
  std::string name;
  DType dtype = DType::Float;
  Shape shape; // batch dimension included and fixed to 1
};

struct Graph {
  std::string source;              // path of the file the graph came from, for messages
  std::string producer;            // producer_name + " " + producer_version
  std::string name;                // graph name
  int64_t opset = 0;               // opset version of the default ONNX domain
  std::vector<Node> nodes;         // topological order
  std::map<std::string, Tensor> constants;
  std::vector<Value> inputs;       // graph inputs that are not constants
  std::vector<Value> outputs;
  std::map<std::string, Value> values; // shape and dtype of every tensor, after shape propagation

  // "model.onnx: node 'bn2' (BatchNormalization, #7)"
  std::string where(const Node &node) const;
  const Tensor *constant(const std::string &name) const;
  // Nodes that read `value`, in graph order.
  std::vector<const Node *> consumers(const std::string &value) const;
  const Node *producerOf(const std::string &value) const;
};

} // namespace bnnc::ir
