// Private to the importer: the steps importModelBytes runs, one file each.
//   tensor_decode.cpp  TensorProto (raw, typed or external data) -> ir::Tensor
//   build_graph.cpp    ModelProto -> ir::Graph: metadata, initializers, the input, nodes
//   check_graph.cpp    dataflow checks: topological order, dangling inputs, duplicate producers
//   fold.cpp           Constant nodes, shape propagation on a zero input, constant folding
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/support/error.h"

#include <onnx/onnx_pb.h>

#include <set>
#include <string>

namespace pb = ::onnx;

namespace bnnc::onnx::detail {

// Where a tensor is defined, for messages and for resolving external data.
struct TensorSite {
  std::string place;     // "m.onnx: initializer 'W'" or a node's graph.where(...)
  std::string model_dir; // directory that external data locations are relative to
};

// Throws "<site.place>: error: <message>".
[[noreturn]] void failAt(const TensorSite &site, const std::string &message);

// The IR dtype of an ONNX element type, or fails naming the site.
ir::DType elementType(int32_t elem_type, const TensorSite &site);
ir::Tensor decodeTensor(const pb::TensorProto &proto, const TensorSite &site);

// Fills graph metadata, constants (initializers), the one graph input, the nodes (with their
// attributes, each checked against its op's schema) and the output names. Nodes that cannot
// run (an op bnnc does not know, a schema problem, recorded in diag) go to `not_runnable` by
// index.
void buildGraph(const pb::ModelProto &model, const std::string &model_dir, ir::Graph &graph,
                Diagnostics &diag, std::set<int> &not_runnable);

// Every node input is produced by an earlier node, a constant or the graph input; no value has
// two producers; every graph output is produced.
void checkDataflow(const ir::Graph &graph);

// Turns Constant nodes into constants, propagates shapes by running a zero input (batch 1)
// through the graph, records every value in graph.values and folds every node whose inputs are
// all constant (or that reads only a shape) into constants. The nodes of `not_runnable`, and
// those reading what they produce, are not evaluated: their outputs have no recorded value. The
// problem of an unknown op that only computes a constant says so.
void foldConstants(ir::Graph &graph, const std::set<int> &not_runnable, Diagnostics &diag);

} // namespace bnnc::onnx::detail
