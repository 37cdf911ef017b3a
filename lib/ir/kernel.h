// Private to the interpreter: what a kernel sees (OpCall), the op registry entry (OpDef) and the
// broadcasting helpers shared by the op families. Each ops_*.cpp file defines one family and
// exposes it through a function returning its OpDefs; op_registry.cpp collects them.
#pragma once

#include "bnnc/ir/interpreter.h"

#include "bnnc/support/format.h"
#include <cassert>
#include <initializer_list>
#include <string>

#include <vector>

namespace bnnc::ir::detail {

// Kernels compute float results in double or float32 and round them with f32, which is also what
// storing into a Float tensor does: a kernel whose result is read back before it is stored
// rounds it itself.
inline double f32(double x) { return static_cast<double>(static_cast<float>(x)); }

// "1e-05", "-0.5", "3": numbers in messages (the float32 value as written).
using bnnc::formatNumber;

// f(T{}) with T the storage type of `dtype` (float, int64_t or uint8_t): a kernel that moves
// elements without arithmetic is written once for every dtype and copies them exactly.
template <class F> decltype(auto) withStorageType(DType dtype, F f) {
  if (dtype == DType::Float)
    return f(float{});
  if (dtype == DType::Int64)
    return f(int64_t{});
  return f(uint8_t{});
}

// withStorageType for the number types, float and int64_t: the kernel has refused Bool.
template <class F> decltype(auto) withNumberType(DType dtype, F f) {
  assert(dtype != DType::Bool && "requireType refuses bool inputs first");
  if (dtype == DType::Float)
    return f(float{});
  return f(int64_t{});
}

// One evaluation of one node.
class OpCall {
public:
  // `held`: elements of the values the graph run holds already; `limit` bounds held plus what
  // this call allocates (kMaxRunElements unless a test asks for less).
  OpCall(const Graph &g, const Node &n, const std::vector<const Tensor *> &inputs, int64_t held = 0,
         int64_t limit = kMaxRunElements)
      : graph(g), node(n), inputs_(inputs), held_(held), limit_(limit) {}

  const Graph &graph;
  const Node &node;

  int64_t opset() const { return graph.opset; }
  // Input i, or nullptr when absent (past the end or an empty name).
  const Tensor *opt(size_t i) const { return i < inputs_.size() ? inputs_[i] : nullptr; }
  // Input i; a missing one is an error naming the node.
  const Tensor &in(size_t i) const;
  // True when output i exists and has a name (optional outputs may be absent).
  bool wantsOutput(size_t i) const { return i < node.outputs.size() && !node.outputs[i].empty(); }

  // Throws bnnc::Error "<where>: error: <message>".
  [[noreturn]] void fail(const std::string &message) const;
  // A zero-filled tensor; shapes above kMaxTensorElements, or that would take the run past
  // kMaxRunElements, are refused before allocating.
  Tensor alloc(DType dtype, Shape shape) const;
  // Fails unless outputs * per_output (the node's work, in `unit`s) is at most kMaxNodeWork.
  void checkWork(int64_t outputs, int64_t per_output, const std::string &unit) const;
  // Resolves a possibly negative axis against `rank` (ONNX: axis in [-rank, rank-1]).
  int64_t axis(int64_t value, int64_t rank, const std::string &what = "axis") const;
  // Fails unless `t` has one of the `allowed` dtypes; `what` names the input in the message.
  void requireType(const Tensor &t, std::initializer_list<DType> allowed,
                   const std::string &what) const;
  // Reads a tensor of integers (a shape, axes, indices) as int64 values.
  std::vector<int64_t> intValues(const Tensor &t, const std::string &what) const;

private:
  const std::vector<const Tensor *> &inputs_;
  int64_t held_, limit_;          // elements held by the run before this call, and the bound
  mutable int64_t allocated_ = 0; // elements this call has allocated
};

// evalNode within a graph run that holds `held` elements already, of at most `limit`.
std::vector<Tensor> evalNodeHolding(const Graph &graph, const Node &node,
                                    const std::vector<const Tensor *> &inputs, int64_t held,
                                    int64_t limit);

using Kernel = std::vector<Tensor> (*)(const OpCall &);

// A kernel's outputs, moved into the vector: a braced list would copy each tensor (the elements
// of an initializer_list are const), doubling the memory of a large folded weight.
inline std::vector<Tensor> outputs(Tensor a) {
  std::vector<Tensor> v;
  v.push_back(std::move(a));
  return v;
}
inline std::vector<Tensor> outputs(Tensor a, Tensor b) {
  std::vector<Tensor> v = outputs(std::move(a));
  v.push_back(std::move(b));
  return v;
}

struct OpDef {
  OpInfo info;
  Kernel kernel = nullptr;
};

// The op families, one per file.
std::vector<OpDef> elementwiseOps(); // ops_elementwise.cpp
std::vector<OpDef> basicOps();       // ops_basic.cpp: Cast, Identity, Dropout, Constant
std::vector<OpDef> linearOps();      // ops_linear.cpp: MatMul, Gemm
std::vector<OpDef> convOps();        // ops_conv.cpp
std::vector<OpDef> poolingOps();     // ops_pool.cpp
std::vector<OpDef> shapeOps();       // ops_shape.cpp
std::vector<OpDef> layoutOps();      // ops_layout.cpp: Concat, Gather, Transpose
std::vector<OpDef> normalizeOps();   // ops_normalize.cpp: BatchNormalization, Clip
std::vector<OpDef> softmaxOps();     // ops_softmax.cpp
std::vector<OpDef> quantizerOps();   // ops_quant.cpp: BipolarQuant, MultiThreshold, XnorPopcount
std::vector<OpDef> intQuantOps();    // ops_intquant.cpp: Quant, Trunc
std::vector<OpDef> mathOps();        // ops_math.cpp: Sqrt, Pow, Min, Max, And...
std::vector<OpDef> sliceOps();       // ops_slice.cpp: Slice, Tile, Range
std::vector<OpDef> reduceOps();      // ops_reduce.cpp: ReduceSum..., ArgMax, ArgMin, TopK

const OpDef *findOpDef(const std::string &domain, const std::string &op);

// Multidirectional (numpy) broadcasting of `shapes`; fails naming the node when incompatible.
Shape broadcastShapes(const OpCall &call, const std::vector<Shape> &shapes);

// Row-major strides of `in` seen through a broadcast to `out` (right-aligned): a dimension of
// size 1 (or missing) that is stretched gets stride 0.
std::vector<int64_t> broadcastStrides(const Shape &in, const Shape &out);

// Visits every element of `out` in row-major order with the flat offset of the matching element
// in each input: f(outIndex, offsets) where offsets[k] indexes inputs[k].
template <class F> void forEachBroadcast(const Shape &out, const std::vector<Shape> &inputs, F f) {
  size_t rank = out.size(), n = inputs.size();
  std::vector<std::vector<int64_t>> strides;
  for (const Shape &s : inputs)
    strides.push_back(broadcastStrides(s, out));
  std::vector<int64_t> counter(rank, 0), offsets(n, 0);
  int64_t total = numel(out);
  for (int64_t o = 0; o < total; ++o) {
    f(o, offsets);
    // Odometer step: bump the last dimension, carrying into earlier ones; each input's offset
    // moves by its stride along the bumped dimension and back along the wrapped ones.
    for (size_t d = rank; d-- > 0;) {
      for (size_t k = 0; k < n; ++k)
        offsets[k] += strides[k][d];
      if (++counter[d] < out[d])
        break;
      for (size_t k = 0; k < n; ++k)
        offsets[k] -= strides[k][d] * out[d];
      counter[d] = 0;
    }
  }
}

// Row-major strides of a shape.
std::vector<int64_t> stridesOf(const Shape &shape);

// Fills `y` from `x` (the same dtype) element by element: y's element at row-major index `idx`
// is x's element at flat offset `source(idx)` (Slice, Tile).
template <class Source> void gatherByIndex(const Tensor &x, Tensor &y, Source source) {
  std::vector<int64_t> idx(y.shape.size(), 0);
  withStorageType(y.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = x.data.as<T>();
    T *dst = y.data.as<T>();
    for (int64_t o = 0; o < y.numel(); ++o) {
      dst[o] = src[source(idx)];
      for (size_t d = idx.size(); d-- > 0;) // the next index: the last dimension moves fastest
        if (++idx[d] < y.shape[d])
          break;
        else
          idx[d] = 0;
    }
  });
}

} // namespace bnnc::ir::detail
