// A model on the reference interpreter (see bnnc/evaluate/reference.h).
#include "bnnc/evaluate/reference.h"

#include "bnnc/ir/interpreter.h"

namespace bnnc::evaluate {

namespace {

std::vector<int64_t> argmaxRows(const std::vector<float> &v, int64_t rows, int64_t cols) {
  std::vector<int64_t> out(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    const float *row = &v[size_t(r * cols)];
    int64_t best = 0;
    for (int64_t c = 1; c < cols; ++c)
      best = row[c] > row[best] ? c : best;
    out[size_t(r)] = best;
  }
  return out;
}

// What a model outputs per sample: `size` values whose argmax is the prediction, or, when the
// output is the index TopK or ArgMax takes of `classes` scores, the predicted class itself.
struct OutputForm {
  int64_t size = 0, classes = 0;
  bool index = false;
};

OutputForm outputForm(const ir::Graph &graph) {
  const ir::Value &out = graph.outputs.at(0);
  OutputForm form;
  form.size = form.classes = ir::numel(ir::Shape(out.shape.begin() + 1, out.shape.end()));
  const ir::Node *p = graph.producerOf(out.name);
  bool topk = p && p->op == "TopK" && p->outputs.size() > 1 && p->outputs[1] == out.name;
  if (out.dtype == ir::DType::Int64 && p && (topk || p->op == "ArgMax") && form.size == 1) {
    const ir::Shape &scores = graph.values.at(p->inputs[0]).shape;
    form.index = true;
    form.classes = scores.empty() ? 1 : scores.back();
  }
  return form;
}

} // namespace

ReferenceResult runReference(const ir::Graph &graph, const std::vector<float> &values,
                             int64_t count, int threads) {
  OutputForm form = outputForm(graph);
  ReferenceResult r{count, form.size, form.classes, {}, {}};
  r.outputs = ir::runGraphBatch(graph, values, count, threads);
  r.predictions = argmaxRows(r.outputs, count, form.size);
  if (form.index)
    for (int64_t i = 0; i < count; ++i)
      r.predictions[size_t(i)] = int64_t(r.outputs[size_t(i)]);
  return r;
}

} // namespace bnnc::evaluate
