// MaxPool, 1-D and 2-D. Padding is -inf (it never wins a max), so a padded position is ignored.
#include "kernel.h"

#include <limits>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// Max over the window of output (oy, ox) in one channel plane; -inf when no position is inside.
float windowMax(const float *plane, const WindowAxis &wy, const WindowAxis &wx, int64_t oy,
                int64_t ox) {
  float best = -std::numeric_limits<float>::infinity();
  for (int64_t ky = 0; ky < wy.kernel; ++ky) {
    int64_t iy = oy * wy.stride - wy.pad_head + ky * wy.dilation;
    if (iy < 0 || iy >= wy.in)
      continue;
    for (int64_t kx = 0; kx < wx.kernel; ++kx) {
      int64_t ix = ox * wx.stride - wx.pad_head + kx * wx.dilation;
      if (ix >= 0 && ix < wx.in)
        best = std::max(best, plane[iy * wx.in + ix]);
    }
  }
  return best;
}

// MaxPool on float input; the window geometry (pads, strides, dilations, auto_pad, ceil_mode)
// comes from windowGeometry, shared with Conv and the lowering passes.
std::vector<Tensor> maxPool(const OpCall &c) {
  const Tensor &x = c.in(0);
  c.requireType(x, {DType::Float}, "input X");
  if (int64_t order = c.node.attrInt("storage_order", 0); order != 0)
    c.fail("storage_order " + std::to_string(order) + " is not supported, only 0");
  if (c.wantsOutput(1))
    c.fail("the Indices output of MaxPool is not supported");
  if (x.shape.size() != 3 && x.shape.size() != 4)
    c.fail("MaxPool input must be 3-D or 4-D (1-D or 2-D pooling), got " + shapeString(x.shape));
  const Attribute *ks = c.node.attr("kernel_shape");
  if (!ks)
    c.fail("missing required attribute 'kernel_shape'");
  Shape in(x.shape.begin() + 2, x.shape.end());
  if (ks->ints.size() != in.size())
    c.fail("kernel_shape " + shapeString(ks->ints) + " does not match input shape " +
           shapeString(x.shape));
  std::vector<WindowAxis> axes = windowGeometry(c.graph, c.node, in, ks->ints);
  // A 1-D pool is a 2-D one of height 1.
  WindowAxis wy = axes.size() == 2 ? axes[0] : WindowAxis{}, wx = axes.back();
  Shape out_shape = {x.shape[0], x.shape[1]};
  for (const WindowAxis &w : axes)
    out_shape.push_back(w.out);
  c.checkWork(numel(out_shape), wy.kernel * wx.kernel, "compares");
  // Each (batch, channel) plane is pooled on its own.
  Tensor y = c.alloc(DType::Float, out_shape);
  int64_t planes = x.shape[0] * x.shape[1];
  float *out = y.data.as<float>();
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t oy = 0; oy < wy.out; ++oy)
      for (int64_t ox = 0; ox < wx.out; ++ox)
        *out++ = windowMax(x.data.as<float>() + p * wy.in * wx.in, wy, wx, oy, ox);
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> poolingOps() {
  return {{{"",
            "MaxPool",
            1,
            1,
            2,
            {{"auto_pad", K::String},
             {"ceil_mode", K::Int},
             {"dilations", K::Ints},
             {"kernel_shape", K::Ints},
             {"pads", K::Ints},
             {"storage_order", K::Int},
             {"strides", K::Ints}}},
           maxPool}};
}

} // namespace bnnc::ir::detail
