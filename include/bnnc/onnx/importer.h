// ONNX import: reads a .onnx file (initializers in raw, typed or external data) into the graph
// IR with the batch dimension fixed to 1, checks every node is one bnnc knows, folds the constant
// subgraphs (weights computed from initializers, shapes) and propagates shapes.
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/support/error.h"

#include <string>

namespace bnnc::onnx {

ir::Graph importModel(const std::string &path, Diagnostics &diag);
// Same, from bytes already in memory; `path` is used for messages and to resolve external data.
ir::Graph importModelBytes(const std::string &bytes, const std::string &path, Diagnostics &diag);

} // namespace bnnc::onnx
