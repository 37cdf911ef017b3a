// The importer's entry points: parse the protobuf, then build, check and fold the graph.
#include "bnnc/onnx/importer.h"

#include "import_internal.h"

#include "bnnc/support/file.h"

#include <filesystem>

namespace bnnc::onnx {

namespace {

pb::ModelProto parseModel(const void *data, size_t size, const std::string &path) {
  pb::ModelProto model;
  bool parsed = false;
  try {
    parsed = size <= size_t(INT32_MAX) && model.ParseFromArray(data, int(size));
  } catch (const std::exception &) {
    parsed = false;
  }
  if (!parsed)
    throw Error(path + ": error: not a valid ONNX model (protobuf parse failed)");
  if (!model.has_graph())
    throw Error(path + ": error: the model has no graph");
  return model;
}

// The steps, each in its own file (import_internal.h): build (schema-checked nodes), check the
// dataflow, then fold constants and propagate shapes by running the interpreter once. External
// data paths are relative to the model file's directory ("." for a bare file name). The
// protobuf is released once the graph holds its tensors, before folding computes new ones.
ir::Graph importParsed(pb::ModelProto model, const std::string &path, Diagnostics &diag,
                       bool keep_going) {
  ir::Graph graph;
  graph.source = path;
  std::string model_dir = std::filesystem::path(path).parent_path().string();
  std::set<int> not_runnable;
  detail::buildGraph(model, model_dir.empty() ? "." : model_dir, graph, diag, not_runnable);
  model = pb::ModelProto();
  detail::checkDataflow(graph);
  detail::foldConstants(graph, not_runnable, diag);
  if (!keep_going)
    diag.throwProblems(path);
  return graph;
}

} // namespace

ir::Graph importModel(const std::string &path, Diagnostics &diag, bool keep_going) {
  pb::ModelProto model;
  {
    std::vector<uint8_t> bytes = readFileBytes(path); // released before the graph is built
    model = parseModel(bytes.data(), bytes.size(), path);
  }
  return importParsed(std::move(model), path, diag, keep_going);
}

ir::Graph importModelBytes(const std::string &bytes, const std::string &path, Diagnostics &diag,
                           bool keep_going) {
  return importParsed(parseModel(bytes.data(), bytes.size(), path), path, diag, keep_going);
}

} // namespace bnnc::onnx
