// Conv, 1-D and 2-D, group 1. A 1-D convolution runs as a 2-D one of height 1.
#include "kernel.h"

#include <algorithm>

namespace bnnc::ir::detail {

namespace {

using K = Attribute::Kind;

// Both window axes of a 2-D (or 1-D seen as 2-D) convolution.
struct Plane {
  WindowAxis y, x;
};

Plane convPlane(const OpCall &c, const Tensor &x, const Tensor &w) {
  Shape in(x.shape.begin() + 2, x.shape.end()), k(w.shape.begin() + 2, w.shape.end());
  if (const Attribute *ks = c.node.attr("kernel_shape"); ks && ks->ints != k)
    c.fail("kernel_shape " + shapeString(ks->ints) + " differs from the weight's " +
           shapeString(k));
  std::vector<WindowAxis> axes = windowGeometry(c.graph, c.node, in, k);
  if (axes.size() == 1)
    return {WindowAxis{}, axes[0]};
  return {axes[0], axes[1]};
}

void checkShapes(const OpCall &c, const Tensor &x, const Tensor &w, const Tensor *b) {
  if (int64_t group = c.node.attrInt("group", 1); group != 1)
    c.fail("group " + std::to_string(group) + " is not supported, only group 1");
  if (x.shape.size() != 3 && x.shape.size() != 4)
    c.fail("Conv input must be 3-D or 4-D (1-D or 2-D convolution), got " + shapeString(x.shape));
  if (w.shape.size() != x.shape.size() || w.shape[1] != x.shape[1])
    c.fail("Conv weight shape " + shapeString(w.shape) + " does not match input shape " +
           shapeString(x.shape));
  if (b && b->shape != Shape{w.shape[0]})
    c.fail("Conv bias shape " + shapeString(b->shape) + " must be [" + std::to_string(w.shape[0]) +
           "]");
}

// The output positions o in [lo, hi) whose input position o * stride - pad + k * dilation for
// tap k lies in [0, in): solving 0 <= o*s - p + k*d < in for o gives o >= ceil((p - k*d) / s)
// and o < ceil((in + p - k*d) / s), clipped to [0, out).
struct Range {
  int64_t lo, hi;
};
Range validOutputs(const WindowAxis &w, int64_t k) {
  auto ceilDiv = [](int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -(-a / b); };
  int64_t start = w.pad_head - k * w.dilation;
  return {std::max<int64_t>(0, ceilDiv(start, w.stride)),
          std::min<int64_t>(w.out, ceilDiv(w.in + start, w.stride))};
}

// Adds tap (ky, kx) of one input channel plane times weight `wv` to every output it reaches.
// Taps are visited in (c, ky, kx) order, so each output sums its products in that order.
void addTap(const float *plane, const Plane &p, int64_t ky, int64_t kx, double wv, double *acc) {
  Range ry = validOutputs(p.y, ky), rx = validOutputs(p.x, kx);
  for (int64_t oy = ry.lo; oy < ry.hi; ++oy) {
    const float *row = plane + (oy * p.y.stride - p.y.pad_head + ky * p.y.dilation) * p.x.in;
    double *out = acc + oy * p.x.out;
    int64_t shift = kx * p.x.dilation - p.x.pad_head; // ix = ox * stride + shift
    if (p.x.stride == 1) // the common case, kept simple enough to vectorize
      for (int64_t ox = rx.lo; ox < rx.hi; ++ox)
        out[ox] += wv * row[ox + shift];
    else
      for (int64_t ox = rx.lo; ox < rx.hi; ++ox)
        out[ox] += wv * row[ox * p.x.stride + shift];
  }
}

// y[n, m, oy, ox] = sum over c, ky, kx of x[n, c, iy, ix] * w[m, c, ky, kx] with
// iy = oy * sy - pad_top + ky * dy (likewise ix); positions in the padding contribute 0. The
// sum is accumulated in double (float32 products are exact there) and rounded once; the bias
// is then added in float32.
std::vector<Tensor> conv(const OpCall &c) {
  const Tensor &x = c.in(0), &w = c.in(1);
  const Tensor *b = c.opt(2);
  c.requireType(x, {DType::Float}, "input X");
  c.requireType(w, {DType::Float}, "input W");
  checkShapes(c, x, w, b);
  Plane p = convPlane(c, x, w);
  int64_t batch = x.shape[0], cin = x.shape[1], cout = w.shape[0];
  Shape out_shape = {batch, cout, p.y.out, p.x.out};
  if (x.shape.size() == 3)
    out_shape = {batch, cout, p.x.out};
  c.checkWork(numel(out_shape), cin * p.y.kernel * p.x.kernel, "multiply-adds");
  Tensor y = c.alloc(DType::Float, out_shape);
  int64_t in_plane = p.y.in * p.x.in, out_plane = p.y.out * p.x.out;
  std::vector<double> acc(static_cast<size_t>(out_plane));
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t m = 0; m < cout; ++m) {
      std::fill(acc.begin(), acc.end(), 0.0);
      const float *wm = w.data.as<float>() + m * cin * p.y.kernel * p.x.kernel;
      for (int64_t ci = 0; ci < cin; ++ci)
        for (int64_t ky = 0; ky < p.y.kernel; ++ky)
          for (int64_t kx = 0; kx < p.x.kernel; ++kx)
            addTap(x.data.as<float>() + (n * cin + ci) * in_plane, p, ky, kx, *wm++, acc.data());
      float *out = y.data.as<float>() + (n * cout + m) * out_plane;
      for (int64_t i = 0; i < out_plane; ++i)
        out[i] = b ? float(float(f32(acc[i])) + float(b->data[m])) : float(acc[i]);
    }
  return outputs(std::move(y));
}

} // namespace

std::vector<OpDef> convOps() {
  return {{{"",
            "Conv",
            2,
            3,
            1,
            {{"auto_pad", K::String},
             {"dilations", K::Ints},
             {"group", K::Int},
             {"kernel_shape", K::Ints},
             {"pads", K::Ints},
             {"strides", K::Ints}}},
           conv}};
}

} // namespace bnnc::ir::detail
