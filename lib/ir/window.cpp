// Sliding-window geometry shared by Conv and MaxPool (and the passes that lower them).
#include "kernel.h"

#include <cassert>

namespace bnnc::ir {

namespace {

using detail::OpCall;

// Values are bounded by kMaxWindowValue as well, so that no product below overflows.
std::vector<int64_t> listAttr(const OpCall &c, const std::string &key, size_t size,
                              int64_t fallback, int64_t min_value) {
  std::vector<int64_t> v = c.node.attrInts(key, std::vector<int64_t>(size, fallback));
  if (v.size() != size)
    c.fail(key + " has " + std::to_string(v.size()) + " values, expected " + std::to_string(size));
  for (int64_t x : v) {
    if (x < min_value)
      c.fail(key + " must be >= " + std::to_string(min_value) + ", got " + std::to_string(x));
    if (x > kMaxWindowValue)
      c.fail(key + " must be <= " + std::to_string(kMaxWindowValue) + ", got " + std::to_string(x));
  }
  return v;
}

// Number of windows along one axis without auto_pad. The window extent is
// e = (kernel - 1) * dilation + 1 and the padded length L = in + head + tail; windows start at
// 0, s, 2s, ... and must fit: floor((L - e) / s) + 1 of them, or with ceil_mode the ceiling,
// minus a last window that would start in the tail padding (PyTorch's rule, which the ONNX
// reference implementation follows), so every window reads at least one real input position.
int64_t explicitOut(const WindowAxis &w, bool ceil_mode) {
  int64_t extent = (w.kernel - 1) * w.dilation + 1;
  int64_t span = w.in + w.pad_head + w.pad_tail - extent;
  if (span < 0)
    return 0;
  int64_t out = (ceil_mode ? (span + w.stride - 1) / w.stride : span / w.stride) + 1;
  if (ceil_mode && (out - 1) * w.stride >= w.in + w.pad_head)
    --out;
  return out;
}

// SAME_UPPER / SAME_LOWER: out = ceil(in / stride), and the total padding makes the last window
// end exactly at the padded end: total = max(0, (out - 1) * s + e - in). SAME_UPPER puts the odd
// pixel at the end, SAME_LOWER at the beginning.
void samePads(WindowAxis &w, bool lower) {
  int64_t extent = (w.kernel - 1) * w.dilation + 1;
  w.out = (w.in + w.stride - 1) / w.stride;
  int64_t total = std::max<int64_t>(0, (w.out - 1) * w.stride + extent - w.in);
  w.pad_head = lower ? total - total / 2 : total / 2;
  w.pad_tail = total - w.pad_head;
}

WindowAxis axisGeometry(const OpCall &c, const std::string &auto_pad, bool ceil_mode,
                        WindowAxis w) {
  if (auto_pad == "NOTSET") {
    w.out = explicitOut(w, ceil_mode);
  } else if (auto_pad == "VALID") {
    w.pad_head = w.pad_tail = 0;
    w.out = explicitOut(w, false);
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    samePads(w, auto_pad == "SAME_LOWER");
  } else {
    c.fail("auto_pad '" + auto_pad + "' is not supported");
  }
  if (w.out <= 0)
    c.fail("input size " + std::to_string(w.in) + " is smaller than the window extent " +
           std::to_string((w.kernel - 1) * w.dilation + 1));
  // The padding the last window really reaches (ceil_mode can reach past the declared tail).
  int64_t reach = (w.out - 1) * w.stride + (w.kernel - 1) * w.dilation + 1;
  w.pad_tail = std::max(w.pad_tail, reach - w.in - w.pad_head);
  return w;
}

} // namespace

std::vector<WindowAxis> windowGeometry(const Graph &graph, const Node &node,
                                       const Shape &spatial_in, const Shape &kernel) {
  static const std::vector<const Tensor *> no_inputs;
  OpCall c(graph, node, no_inputs);
  size_t rank = spatial_in.size();
  assert(kernel.size() == rank);
  std::vector<int64_t> strides = listAttr(c, "strides", rank, 1, 1);
  std::vector<int64_t> dilations = listAttr(c, "dilations", rank, 1, 1);
  std::vector<int64_t> pads = listAttr(c, "pads", 2 * rank, 0, 0);
  std::string auto_pad = node.attrString("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && node.attr("pads"))
    for (int64_t p : pads)
      if (p != 0)
        c.fail("pads cannot be combined with auto_pad " + auto_pad);
  bool ceil_mode = node.attrInt("ceil_mode", 0) != 0;
  std::vector<WindowAxis> axes;
  for (size_t i = 0; i < rank; ++i) {
    if (kernel[i] <= 0)
      c.fail("kernel size must be positive, got " + shapeString(kernel));
    if (kernel[i] > kMaxWindowValue)
      c.fail("kernel size must be <= " + std::to_string(kMaxWindowValue) + ", got " +
             shapeString(kernel));
    WindowAxis w{spatial_in[i], kernel[i], strides[i], dilations[i], pads[i], pads[i + rank], 0};
    axes.push_back(axisGeometry(c, auto_pad, ceil_mode, w));
  }
  return axes;
}

} // namespace bnnc::ir
