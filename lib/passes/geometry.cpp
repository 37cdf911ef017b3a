// Conv and MaxPool attributes -> the 2-D geometry of program.h, using the interpreter's own window
// resolution (auto_pad, ceil_mode) so that both agree. A 1-D op is the 2-D op with a height of 1
// (kernel 1, stride 1, no padding along it).
#include "bnnc/ir/interpreter.h"
#include "bnnc/support/error.h"
#include "lowering.h"

namespace bnnc::passes {

namespace {

std::vector<ir::WindowAxis> window(const ir::Graph &graph, const ir::Node &node,
                                   const ir::Shape &in, const ir::Shape &kernel) {
  if (in.size() != 3 && in.size() != 4)
    throw Error(graph.where(node) + ": error: only 1-D and 2-D " + node.op +
                " are supported, input has shape " + ir::shapeString(in));
  return ir::windowGeometry(graph, node, ir::Shape(in.begin() + 2, in.end()), kernel);
}

// Fills the (h, w) fields of a geometry from one or two window axes; 1-D uses the w axis only.
template <typename G> void setWindow(G &g, const std::vector<ir::WindowAxis> &axes) {
  const ir::WindowAxis &x = axes.back();
  g.kw = x.kernel, g.sw = x.stride, g.dw = x.dilation;
  g.pad_left = x.pad_head, g.pad_right = x.pad_tail;
  if (axes.size() == 2) {
    const ir::WindowAxis &y = axes.front();
    g.kh = y.kernel, g.sh = y.stride, g.dh = y.dilation;
    g.pad_top = y.pad_head, g.pad_bottom = y.pad_tail;
  }
}

} // namespace

ir::ConvGeometry convGeometry(const ir::Graph &graph, const ir::Node &node, const ir::Shape &w) {
  const ir::Shape &in = shapeOf(graph, node.inputs[0]);
  if (w.size() != in.size() || w.size() < 3 || w[1] != in[1])
    throw Error(graph.where(node) + ": error: weight shape " + ir::shapeString(w) +
                " does not match input shape " + ir::shapeString(in));
  std::vector<ir::WindowAxis> axes = window(graph, node, in, ir::Shape(w.begin() + 2, w.end()));
  ir::ConvGeometry g;
  g.cin = in[1];
  g.cout = w[0];
  g.ih = axes.size() == 2 ? axes[0].in : 1;
  g.iw = axes.back().in;
  g.oh = axes.size() == 2 ? axes[0].out : 1;
  g.ow = axes.back().out;
  setWindow(g, axes);
  return g;
}

ir::Pooling lowerPool(const ir::Graph &graph, const ir::Node &node, const ir::Shape &in) {
  std::vector<ir::WindowAxis> axes = window(graph, node, in, node.attrInts("kernel_shape", {}));
  ir::Pooling p;
  p.enabled = true;
  setWindow(p, axes);
  p.oh = axes.size() == 2 ? axes[0].out : 1;
  p.ow = axes.back().out;
  return p;
}

} // namespace bnnc::passes
