// The naive reference (see reference.h): activations as integers (+-1, or the codes q a
// bit-serial layer reads), every weight read from program.layers[].weights as the integer
// ir::Layer::weightValue.
#include "bnnc/emulator/reference.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace bnnc::emulator {

namespace {

// q = round((x - lo) / step) half away from zero, then clamped to [0, 2^bits - 1]; NaN gives 0.
// With level comparators: the number of levels x reaches.
int64_t quantizeInput(const ir::InputStage &in, float x, int64_t i) {
  if (in.level_groups > 0) {
    int64_t q = 0;
    for (int64_t j = 0; j < in.level_count; ++j)
      q += in.levels[size_t(in.levelGroup(i) * in.level_count + j)].eval(double(x)) ? 1 : 0;
    return q;
  }
  double v = (double(x) - in.lo) / in.step();
  if (std::isnan(v))
    return 0;
  double qmax = std::ldexp(1.0, in.bits) - 1;
  return int64_t(std::clamp(std::round(v), 0.0, qmax));
}

std::vector<int64_t> inputValues(const ir::InputStage &in, const float *x, int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v[size_t(i)] = in.kind == ir::InputStage::Kind::BitSerial
                       ? quantizeInput(in, x[i], i)
                       : (in.compare[size_t(i)].eval(double(x[i])) ? 1 : -1);
  return v;
}

// Sum over the window of w * v for in-range inputs (padding contributes nothing). For a
// bit-serial layer v = q, and x = lo + step * q gives sum w * x = lo * sum w + step * sum w q.
double preActivation(const ir::Program &prog, size_t index, const std::vector<int64_t> &in,
                     int64_t c, int64_t oy, int64_t ox) {
  const ir::Layer &layer = prog.layers[index];
  const ir::ConvGeometry &g = layer.geom;
  int64_t sum_w = 0, sum_wv = 0;
  for (int64_t ci = 0; ci < g.cin; ++ci)
    for (int64_t ky = 0; ky < g.kh; ++ky)
      for (int64_t kx = 0; kx < g.kw; ++kx) {
        int64_t y = oy * g.sh - g.pad_top + ky * g.dh;
        int64_t x = ox * g.sw - g.pad_left + kx * g.dw;
        if (y < 0 || y >= g.ih || x < 0 || x >= g.iw)
          continue;
        int64_t k = (ci * g.kh + ky) * g.kw + kx;
        int64_t w = layer.weightValue(c, k);
        sum_w += w;
        sum_wv += w * in[size_t((ci * g.ih + y) * g.iw + x)];
      }
  if (!layer.bit_serial_input)
    return double(sum_wv);
  ir::SerialInput serial = prog.inputOf(index);
  return serial.lo * double(sum_w) + serial.step * double(sum_wv);
}

// Max pooling on +-1 values or codes: the maximum is the OR of the bits, the minimum their AND;
// an empty window (all padding) gives the lowest value for OR and the highest for AND.
std::vector<int64_t> pool(const ir::Layer &layer, const std::vector<int64_t> &v) {
  const ir::Pooling &p = layer.pool;
  int64_t ih = layer.geom.oh, iw = layer.geom.ow;
  std::vector<int64_t> out;
  for (int64_t c = 0; c < layer.geom.cout; ++c)
    for (int64_t py = 0; py < p.oh; ++py)
      for (int64_t px = 0; px < p.ow; ++px) {
        bool use_or = p.use_or[size_t(c)];
        int64_t top = layer.output_bits == 1 ? 1 : layer.levelCount();
        int64_t r = use_or ? (layer.output_bits == 1 ? -1 : 0) : top;
        for (int64_t ky = 0; ky < p.kh; ++ky)
          for (int64_t kx = 0; kx < p.kw; ++kx) {
            int64_t y = py * p.sh - p.pad_top + ky * p.dh, x = px * p.sw - p.pad_left + kx * p.dw;
            if (y >= 0 && y < ih && x >= 0 && x < iw) {
              int64_t e = v[size_t((c * ih + y) * iw + x)];
              r = use_or ? std::max(r, e) : std::min(r, e);
            }
          }
        out.push_back(r);
      }
  return out;
}

// One sample: returns the model's outputs (before the final stage).
std::vector<double> runSample(const ir::Program &prog, const float *x) {
  std::vector<int64_t> act = inputValues(prog.input, x, ir::numel(prog.input.shape));
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    const ir::Layer &layer = prog.layers[i];
    const ir::ConvGeometry &g = layer.geom;
    std::vector<int64_t> bits;
    std::vector<double> scores;
    for (int64_t c = 0; c < g.cout; ++c)
      for (int64_t oy = 0; oy < g.oh; ++oy)
        for (int64_t ox = 0; ox < g.ow; ++ox) {
          double pre = preActivation(prog, i, act, c, oy, ox);
          if (layer.output == ir::Layer::Output::Affine) {
            scores.push_back(double(float(layer.scale[size_t(c)] * pre + layer.offset[size_t(c)])));
          } else if (layer.output_bits == 1) {
            bits.push_back(layer.threshold[size_t(c)].eval(pre) ? 1 : -1);
          } else { // the code: how many of the channel's levels pre reaches
            int64_t n = layer.levelCount(), q = 0;
            for (int64_t j = 0; j < n; ++j)
              q += layer.levels[size_t(c * n + j)].eval(pre);
            bits.push_back(q);
          }
        }
    if (layer.output == ir::Layer::Output::Affine)
      return scores;
    act = layer.pool.enabled ? pool(layer, bits) : bits;
  }
  // A threshold last layer outputs +-1, or the values of its codes.
  const ir::Layer &last = prog.layers.back();
  std::vector<double> out;
  for (int64_t v : act)
    out.push_back(last.output_bits == 1
                      ? double(v)
                      : double(float(last.output_lo + last.output_step * double(v))));
  return out;
}

} // namespace

RunResult runProgramReference(const ir::Program &program, const std::vector<float> &inputs,
                              int64_t count) {
  int64_t in_size = ir::numel(program.input.shape);
  assert(int64_t(inputs.size()) == count * in_size);
  RunResult r;
  r.samples = count;
  for (int64_t s = 0; s < count; ++s) {
    std::vector<double> y = runSample(program, &inputs[size_t(s * in_size)]);
    r.classes = int64_t(y.size());
    if (program.final == ir::Program::Final::ArgMax) { // the first maximum score's index
      size_t best = size_t(std::max_element(y.begin(), y.end()) - y.begin());
      r.output_size = 1;
      r.outputs.push_back(float(best));
      r.predictions.push_back(int64_t(best));
      continue;
    }
    r.output_size = r.classes;
    // The final stage in double on the float32 scores: subtract the maximum, exponentiate.
    double m = *std::max_element(y.begin(), y.end()), sum = 0;
    for (double v : y)
      sum += std::exp(v - m);
    size_t base = r.outputs.size(), best = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      double v = y[i] - m;
      float out = program.final == ir::Program::Final::Softmax      ? float(std::exp(v) / sum)
                  : program.final == ir::Program::Final::LogSoftmax ? float(v - std::log(sum))
                                                                    : float(y[i]);
      r.outputs.push_back(out);
      if (out > r.outputs[base + best]) // the first maximum wins ties
        best = i;
    }
    r.predictions.push_back(int64_t(best));
  }
  return r;
}

} // namespace bnnc::emulator
