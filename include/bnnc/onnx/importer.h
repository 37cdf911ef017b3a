// ONNX import: reads a .onnx file (initializers in raw, typed or external data) into the graph
// IR with the batch dimension fixed to 1, checks every node is one bnnc knows, folds the constant
// subgraphs (weights computed from initializers, shapes) and propagates shapes.
//
// A malformed file is an Error at once. Problems of single nodes (an unknown op, attributes that
// do not fit the op) are recorded in diag.problems and the import goes on; at the end they are
// thrown together, unless `keep_going` (the caller reports them: bnnc compile adds what the
// passes find, bnnc inspect shows them in its table). Such nodes stay in the graph unevaluated;
// the values they and their readers produce have no entry in graph.values.
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/support/error.h"

#include <string>

namespace bnnc::onnx {

ir::Graph importModel(const std::string &path, Diagnostics &diag, bool keep_going = false);
// Same, from bytes already in memory; `path` is used for messages and to resolve external data.
ir::Graph importModelBytes(const std::string &bytes, const std::string &path, Diagnostics &diag,
                           bool keep_going = false);

// True when the path names an ONNX model (by its extension, .onnx); bnnc reads any other file
// given as a model as a chip image.
bool isOnnxPath(const std::string &path);

} // namespace bnnc::onnx
