// The reference interpreter: node evaluation through the op registry, whole-graph runs and the
// multi-threaded batch runner.
#include "kernel.h"

#include "bnnc/support/error.h"
#include "bnnc/support/parallel.h"

#include <atomic>
#include <cassert>
#include <exception>
#include <functional>
#include <mutex>

namespace bnnc::ir {

// The schema check runs on every evaluation: evalNode is also called directly by passes on
// nodes they build, which never went through the importer.
std::vector<Tensor> evalNode(const Graph &graph, const Node &node,
                             const std::vector<const Tensor *> &inputs) {
  return detail::evalNodeHolding(graph, node, inputs, 0, kMaxRunElements);
}

std::vector<Tensor> evalNode(const Graph &graph, const Node &node,
                             const std::vector<const Tensor *> &inputs, int64_t held,
                             int64_t limit) {
  return detail::evalNodeHolding(graph, node, inputs, held, limit);
}

std::vector<Tensor> detail::evalNodeHolding(const Graph &graph, const Node &node,
                                            const std::vector<const Tensor *> &inputs, int64_t held,
                                            int64_t limit) {
  checkNode(graph, node);
  const detail::OpDef *def = detail::findOpDef(node.domain, node.op);
  std::vector<Tensor> out = def->kernel(detail::OpCall(graph, node, inputs, held, limit));
  // Kernels produce every output the op defines, or at least every one the node names; outputs
  // past the node's (optional trailing ones it leaves out) are dropped, missing unnamed ones are
  // empty.
  out.resize(node.outputs.size());
  return out;
}

namespace {

// A value computed in this run, else a constant; nullptr when neither exists.
const Tensor *lookup(const Graph &graph, const std::map<std::string, Tensor> &values,
                     const std::string &name) {
  if (auto it = values.find(name); it != values.end())
    return &it->second;
  return graph.constant(name);
}

} // namespace

namespace {

// Nodes run in graph order (topological, as the importer checked); every output is kept so
// that callers can compare any intermediate value, not only the graph outputs.
std::map<std::string, Tensor> runNodes(const Graph &graph, const Tensor &input,
                                       int64_t max_elements) {
  if (graph.inputs.size() != 1)
    throw Error(graph.source + ": error: the graph has " + std::to_string(graph.inputs.size()) +
                " inputs, expected 1");
  const Value &in = graph.inputs[0];
  if (input.shape != in.shape || input.dtype() != in.dtype)
    throw Error(graph.source + ": input '" + in.name + "': error: expected " + dtypeName(in.dtype) +
                " " + shapeString(in.shape) + ", got " + dtypeName(input.dtype()) + " " +
                shapeString(input.shape));
  std::map<std::string, Tensor> values;
  values[in.name] = input;
  int64_t held = input.numel(); // elements of `values`, bounded by kMaxRunElements
  for (const Node &node : graph.nodes) {
    std::vector<const Tensor *> args;
    for (const std::string &name : node.inputs) {
      const Tensor *t = name.empty() ? nullptr : lookup(graph, values, name);
      if (!name.empty() && !t)
        throw Error(graph.where(node) + ": error: input '" + name + "' is not available");
      args.push_back(t);
    }
    std::vector<Tensor> out = detail::evalNodeHolding(graph, node, args, held, max_elements);
    for (size_t i = 0; i < out.size(); ++i)
      if (!node.outputs[i].empty()) {
        held += out[i].numel();
        // A value computed twice (checkDataflow forbids it in imported graphs) is replaced.
        if (auto it = values.find(node.outputs[i]); it != values.end())
          held -= it->second.numel();
        values[node.outputs[i]] = std::move(out[i]);
      }
    // Kernels that copy an input (Identity, Reshape...) allocate without OpCall::alloc's check.
    if (held > max_elements)
      throw Error(graph.where(node) + ": error: its outputs bring the values computed for one " +
                  "sample to " + std::to_string(held) + " elements, more than " +
                  std::to_string(max_elements));
  }
  return values;
}

} // namespace

std::map<std::string, Tensor> runGraph(const Graph &graph, const Tensor &input) {
  return runNodes(graph, input, kMaxRunElements);
}

std::map<std::string, Tensor> runGraph(const Graph &graph, const Tensor &input,
                                       int64_t max_elements) {
  return runNodes(graph, input, max_elements);
}

namespace {

// The first graph output for sample `s` of the batch.
Tensor runSample(const Graph &graph, const std::vector<float> &inputs, int64_t s) {
  const Value &in = graph.inputs[0];
  int64_t n = numel(in.shape);
  Tensor x(in.dtype, in.shape,
           std::vector<double>(inputs.begin() + s * n, inputs.begin() + (s + 1) * n));
  std::map<std::string, Tensor> values = runGraph(graph, x);
  const Tensor *y = lookup(graph, values, graph.outputs[0].name);
  if (!y)
    throw Error(graph.source + ": output '" + graph.outputs[0].name +
                "': error: not produced by any node, constant or the graph input");
  return *y;
}

// Samples are independent: workers take the next sample index from a shared counter and write
// its output to that sample's own slot, so the result does not depend on the thread count or
// the scheduling. On failure the error of the lowest failing sample seen is rethrown.
class BatchRun {
public:
  BatchRun(const Graph &g, const std::vector<float> &in, int64_t count, int64_t out_size)
      : graph_(g), inputs_(in), count_(count), out_size_(out_size),
        result_(size_t(count * out_size)) {}

  std::vector<float> run(int threads) {
    runParallel(threads, [this](int) { work(); });
    if (error_)
      std::rethrow_exception(error_);
    return std::move(result_);
  }

  void store(int64_t s, const Tensor &y) {
    assert(y.numel() == out_size_ && "output size differs between samples");
    for (int64_t i = 0; i < out_size_; ++i)
      result_[size_t(s * out_size_ + i)] = float(y.data[size_t(i)]);
  }

private:
  void work() {
    for (int64_t s; !failed_ && (s = next_++) < count_;) {
      try {
        store(s, runSample(graph_, inputs_, s));
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_ || s < error_sample_)
          error_ = std::current_exception(), error_sample_ = s;
        failed_ = true;
      }
    }
  }

  const Graph &graph_;
  const std::vector<float> &inputs_;
  int64_t count_, out_size_;
  std::vector<float> result_;
  std::atomic<int64_t> next_{1}; // sample 0 is run first, to learn the output size
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
  int64_t error_sample_ = 0;
};

} // namespace

// Sample 0 runs on the calling thread first: it fixes the output size (and reports a graph
// error without starting threads); the other samples are shared among `threads` threads.
std::vector<float> runGraphBatch(const Graph &graph, const std::vector<float> &inputs,
                                 int64_t count, int threads) {
  if (graph.inputs.size() != 1 || graph.outputs.empty())
    throw Error(graph.source + ": error: the graph needs one input and an output");
  int64_t n = numel(graph.inputs[0].shape);
  if (count < 0 || int64_t(inputs.size()) != count * n)
    throw Error(graph.source + ": error: " + std::to_string(count) + " samples of shape " +
                shapeString(graph.inputs[0].shape) + " need " + std::to_string(count * n) +
                " input values, got " + std::to_string(inputs.size()));
  if (count == 0)
    return {};
  Tensor first = runSample(graph, inputs, 0);
  BatchRun batch(graph, inputs, count, first.numel());
  batch.store(0, first);
  return batch.run(std::max(1, threads));
}

} // namespace bnnc::ir
