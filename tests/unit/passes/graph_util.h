// Builds small graph IRs by hand for pass tests: the shapes of all values are filled in by running
// the reference interpreter once on a zero input, as the importer does.
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/passes/passes.h"

#include <string>
#include <vector>

namespace bnnc::test {

inline ir::Attribute attrInt(int64_t v) { return ir::Attribute::ofInt(v); }
inline ir::Attribute attrFloat(double v) { return ir::Attribute::ofFloat(v); }
inline ir::Attribute attrInts(std::vector<int64_t> v) {
  return ir::Attribute::ofInts(std::move(v));
}

class GraphBuilder {
public:
  explicit GraphBuilder(ir::Shape input_shape, int64_t opset = 13);
  std::string constant(const std::string &name, ir::Shape shape, std::vector<double> data,
                       ir::DType dtype = ir::DType::Float);
  // Adds a node named `name` with one output named `name` + ":0"; returns that output.
  std::string node(const std::string &name, const std::string &op, std::vector<std::string> in,
                   std::map<std::string, ir::Attribute> attrs = {}, const std::string &domain = "");
  const std::string &input() const { return graph_.inputs[0].name; }
  ir::Graph finish(const std::string &output);

private:
  ir::Graph graph_;
};

// Runs the pipeline on `graph` with the given options; warnings land in `diag`.
ir::Program compile(const ir::Graph &graph, passes::CompileOptions options, Diagnostics &diag);
// The message of the bnnc::Error the pipeline throws on `graph` ("" when it compiles).
std::string compileError(const ir::Graph &graph, passes::CompileOptions options = {});

// A dense BN-sign layer's BatchNormalization parameters, one entry per channel.
struct BatchNorm {
  std::vector<double> gamma, beta, mean, var;
  double eps = 1e-5;
};
std::string addBatchNorm(GraphBuilder &b, const std::string &name, const std::string &x,
                         const BatchNorm &bn);

} // namespace bnnc::test
