// Builds small ONNX models in memory for tests: inputs, initializers (raw, typed or external
// data), nodes with attributes, outputs; serializes and imports them. Reusable from other test
// folders: include "unit/onnx/model_builder_util.h" and compile model_builder_util.cpp there too
// (e.g. from a one-line *_util.cpp that includes it); link onnx_proto (bnnc_onnx brings it).
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/support/error.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace bnnc::test {

namespace pb = ::onnx;

// How an initializer stores its elements.
enum class Storage { Typed, Raw, External };

pb::AttributeProto attrI(const std::string &name, int64_t v);
pb::AttributeProto attrF(const std::string &name, float v);
pb::AttributeProto attrS(const std::string &name, const std::string &v);
pb::AttributeProto attrInts(const std::string &name, const std::vector<int64_t> &v);
pb::AttributeProto attrFloats(const std::string &name, const std::vector<float> &v);
pb::AttributeProto attrT(const std::string &name, const pb::TensorProto &t);

// A FLOAT or INT64 tensor with typed data (for Constant/ConstantOfShape attributes).
pb::TensorProto floatTensor(const std::vector<int64_t> &dims, const std::vector<float> &v);
pb::TensorProto int64Tensor(const std::vector<int64_t> &dims, const std::vector<int64_t> &v);

class ModelBuilder {
public:
  explicit ModelBuilder(int64_t opset = 13);

  // A FLOAT graph input; dims[0] < 0 leaves the batch dimension unset, `batch_param` names it.
  ModelBuilder &input(const std::string &name, const std::vector<int64_t> &dims,
                      const std::string &batch_param = "");
  ModelBuilder &output(const std::string &name);

  // External storage writes <dir>/<name>.bin (set with externalDir) and points the tensor at it.
  ModelBuilder &initializer(const std::string &name, const std::vector<int64_t> &dims,
                            const std::vector<float> &values, Storage storage = Storage::Typed);
  ModelBuilder &initializerInt64(const std::string &name, const std::vector<int64_t> &dims,
                                 const std::vector<int64_t> &values,
                                 Storage storage = Storage::Typed);
  ModelBuilder &initializerProto(const pb::TensorProto &t);
  ModelBuilder &externalDir(const std::string &dir);

  // Adds a node; a non-empty domain is also imported (version 1).
  pb::NodeProto &node(const std::string &op, const std::vector<std::string> &inputs,
                      const std::vector<std::string> &outputs,
                      const std::vector<pb::AttributeProto> &attrs = {},
                      const std::string &name = "", const std::string &domain = "");

  pb::ModelProto &proto() { return model_; }
  std::string bytes() const;
  // Imports the serialized model as if read from `path` (external data resolved beside it).
  ir::Graph import(const std::string &path = "m.onnx") const;
  ir::Graph import(Diagnostics &diag, const std::string &path = "m.onnx") const;
  // The message of the bnnc::Error the import throws ("" when it succeeds).
  std::string importError(const std::string &path = "m.onnx") const;

private:
  pb::TensorProto &addTensor(const std::string &name, const std::vector<int64_t> &dims,
                             int32_t type, const std::string &raw, Storage storage);

  pb::ModelProto model_;
  std::string external_dir_ = ".";
};

// Runs the graph on one sample and returns its first output, flattened.
std::vector<double> runFirstOutput(const ir::Graph &graph, const std::vector<double> &input);

} // namespace bnnc::test
