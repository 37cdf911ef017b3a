// The reference interpreter: runs the graph IR with ONNX float32 semantics, one sample at a time
// (batch 1). It is the oracle the compiled chip is tested against.
#pragma once

#include "bnnc/ir/graph.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bnnc::ir {

// Tensors larger than this (2^28 elements, 1 GiB of float32) are refused before allocation, by
// the importer (declared shapes) and by the interpreter (computed shapes).
constexpr int64_t kMaxTensorElements = int64_t(1) << 28;
// A graph run keeps every value it computes (runGraph returns them all): together they may hold
// at most 2^29 elements (2 GiB of float32, 4 GiB of int64); the node whose output would pass
// the limit is an error, raised before its allocation.
constexpr int64_t kMaxRunElements = int64_t(1) << 29;

// What bnnc knows about an op: where it lives, how many inputs and outputs it may have and which
// attributes it accepts (any other attribute is an error, never silently ignored).
struct AttrSpec {
  std::string name;
  Attribute::Kind kind;
};
struct OpInfo {
  std::string domain; // "" for the default ONNX domain
  std::string op;
  int min_inputs = 1;
  int max_inputs = 1; // -1: variadic
  int max_outputs = 1;
  std::vector<AttrSpec> attrs;
  // Moves or relabels elements without computing (Reshape, Flatten, Squeeze, Unsqueeze,
  // Identity, Transpose): free on the chip, where the passes can see through it (a Transpose
  // only when it keeps the order of the non-unit axes).
  bool layout_only = false;
};

// The op's schema, or nullptr when bnnc does not support it.
const OpInfo *findOp(const std::string &domain, const std::string &op);
// The standard ONNX ops the interpreter evaluates, sorted (docs/exporters.md publishes the list);
// QONNX's ops, also read without a domain, are not among them.
std::vector<std::string> onnxOps();
// "Conv", or "domain::Op" for a non-default domain.
std::string opDisplayName(const std::string &domain, const std::string &op);
// Checks that the node's op is supported, its input and output counts and every attribute's name
// and kind. Throws bnnc::Error naming the node. evalNode calls it; the importer calls it on every
// node before anything is evaluated.
void checkNode(const Graph &graph, const Node &node);

// Geometry of a sliding window (Conv, MaxPool) along one spatial axis, after resolving auto_pad
// and ceil_mode. `out` output positions; window o covers input positions
// o * stride - pad_head + j * dilation for j in [0, kernel). pad_tail is the padding the last
// window really reaches past the input end (at least the declared tail padding), so that
// in + pad_head + pad_tail >= (out - 1) * stride + (kernel - 1) * dilation + 1.
struct WindowAxis {
  int64_t in = 1, kernel = 1, stride = 1, dilation = 1;
  int64_t pad_head = 0, pad_tail = 0, out = 1;
};
// The work of one node (multiply-adds of MatMul, Gemm and Conv, compares of MaxPool) is at most
// 2^32, some seconds: a legal but absurd node (a 2048 x 2048 pooling window slid over a
// 4096 x 4096 image) is an error, not an evaluation that runs for hours.
constexpr int64_t kMaxNodeWork = int64_t(1) << 32;

// Kernel sizes, strides, dilations and pads are at most 2^24 (the chip image's limit): with every
// dimension below kMaxTensorElements = 2^28, no window computation overflows 64 bits.
constexpr int64_t kMaxWindowValue = int64_t(1) << 24;

// For a Conv or MaxPool node whose input has spatial dims `spatial_in` and whose kernel has
// spatial dims `kernel`; reads strides, dilations, pads, auto_pad and ceil_mode. Throws naming the
// node on invalid or unsupported values.
std::vector<WindowAxis> windowGeometry(const Graph &graph, const Node &node,
                                       const Shape &spatial_in, const Shape &kernel);

// Evaluates one node on its input tensors (nullptr for an absent optional input). Throws
// bnnc::Error naming the node (via graph.where) on an unsupported op, attribute or shape.
// Only graph.source, graph.opset and the node are read: graph.opset picks the opset-dependent
// forms (Squeeze/Unsqueeze axes attribute before 13, Clip min/max attributes before 11, Softmax
// coerced to 2-D before 13). Float results are float32 values; dot products (MatMul, Gemm, Conv)
// are summed exactly in double and rounded to float32 once.
std::vector<Tensor> evalNode(const Graph &graph, const Node &node,
                             const std::vector<const Tensor *> &inputs);
// Same, within a run that holds `held` elements already: outputs that would bring it past
// `limit` elements are refused (bnnc::Error naming the node) before they are allocated.
std::vector<Tensor> evalNode(const Graph &graph, const Node &node,
                             const std::vector<const Tensor *> &inputs, int64_t held,
                             int64_t limit);

// Runs the whole graph on one sample of graph.inputs[0]'s shape; returns every value computed
// (constants excluded), keyed by name. The input and the values count toward kMaxRunElements.
std::map<std::string, Tensor> runGraph(const Graph &graph, const Tensor &input);
// Same, with another bound than kMaxRunElements (tests use a small one).
std::map<std::string, Tensor> runGraph(const Graph &graph, const Tensor &input,
                                       int64_t max_elements);

// Runs the graph on `count` samples (float32 values, batch first) and returns the first output,
// flattened per sample.
std::vector<float> runGraphBatch(const Graph &graph, const std::vector<float> &inputs,
                                 int64_t count, int threads);

} // namespace bnnc::ir
