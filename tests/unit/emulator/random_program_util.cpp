#include "unit/emulator/random_program_util.h"

#include "bnnc/device/virtual_chip.h"
#include "bnnc/mapping/mapping.h"

#include <cmath>
#include <cstdio>

namespace bnnc::emulator::test {

namespace {

int64_t uni(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

double unif(std::mt19937_64 &rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// Ge and Le most of the time, the constants now and then; `t` around `center` within `spread`,
// an integer or a half-integer when `integral` (binary pre-activations are integers, so both
// exact ties and thresholds between two values occur).
ir::Compare randomCompare(std::mt19937_64 &rng, double spread, bool integral) {
  static const ir::Compare::Kind kinds[10] = {
      ir::Compare::Kind::Ge,   ir::Compare::Kind::Ge, ir::Compare::Kind::Ge, ir::Compare::Kind::Ge,
      ir::Compare::Kind::Le,   ir::Compare::Kind::Le, ir::Compare::Kind::Le, ir::Compare::Kind::Le,
      ir::Compare::Kind::Zero, ir::Compare::Kind::One};
  ir::Compare c;
  c.kind = kinds[uni(rng, 0, 9)];
  c.t = unif(rng, -spread, spread);
  if (integral)
    c.t = std::round(c.t) + (uni(rng, 0, 3) == 0 ? 0.5 : 0.0);
  return c;
}

// Output length of a window sweep: (in + pads - dilation * (k - 1) - 1) / stride + 1, or 0 when
// the dilated window does not fit.
int64_t sweep(int64_t in, int64_t pads, int64_t k, int64_t s, int64_t d) {
  int64_t span = in + pads - d * (k - 1) - 1;
  return span < 0 ? 0 : span / s + 1;
}

ir::ConvGeometry randomConv(std::mt19937_64 &rng, int64_t c, int64_t h, int64_t w,
                            int64_t max_cout) {
  bool one_d = h == 1;
  for (;;) {
    ir::ConvGeometry g;
    g.cin = c, g.ih = h, g.iw = w;
    g.kh = one_d ? 1 : uni(rng, 1, 3), g.kw = uni(rng, 1, 4);
    g.sh = one_d ? 1 : uni(rng, 1, 2), g.sw = uni(rng, 1, 2);
    g.dh = one_d ? 1 : uni(rng, 1, 2), g.dw = uni(rng, 1, 2);
    g.pad_top = one_d ? 0 : uni(rng, 0, 2), g.pad_bottom = one_d ? 0 : uni(rng, 0, 2);
    g.pad_left = uni(rng, 0, 2), g.pad_right = uni(rng, 0, 2);
    g.oh = sweep(h, g.pad_top + g.pad_bottom, g.kh, g.sh, g.dh);
    g.ow = sweep(w, g.pad_left + g.pad_right, g.kw, g.sw, g.dw);
    g.cout = uni(rng, 1, max_cout);
    if (g.oh > 0 && g.ow > 0)
      return g;
  }
}

ir::Pooling randomPool(std::mt19937_64 &rng, const ir::ConvGeometry &g) {
  for (;;) {
    ir::Pooling p;
    p.enabled = true;
    p.kh = g.oh == 1 ? 1 : uni(rng, 1, 3), p.kw = uni(rng, 1, 3);
    p.sh = uni(rng, 1, 2), p.sw = uni(rng, 1, 2), p.dh = uni(rng, 1, 2), p.dw = uni(rng, 1, 2);
    // ONNX requires pads smaller than the kernel.
    p.pad_top = uni(rng, 0, p.kh - 1), p.pad_bottom = uni(rng, 0, p.kh - 1);
    p.pad_left = uni(rng, 0, p.kw - 1), p.pad_right = uni(rng, 0, p.kw - 1);
    p.oh = sweep(g.oh, p.pad_top + p.pad_bottom, p.kh, p.sh, p.dh);
    p.ow = sweep(g.ow, p.pad_left + p.pad_right, p.kw, p.sw, p.dw);
    for (int64_t c = 0; c < g.cout; ++c)
      p.use_or.push_back(uint8_t(uni(rng, 0, 1)));
    if (p.oh > 0 && p.ow > 0)
      return p;
  }
}

ir::InputStage randomInput(std::mt19937_64 &rng, const ir::Shape &shape) {
  ir::InputStage in;
  in.shape = shape;
  if (uni(rng, 0, 4) < 2) {
    in.kind = ir::InputStage::Kind::BitSerial;
    in.bits = int(uni(rng, 1, 8));
    in.lo = unif(rng, -2, 1);
    in.hi = in.lo + unif(rng, 0.25, 3);
    if (uni(rng, 0, 1)) {
      // A binary grid: lo a multiple of 1/8 and step a power of two >= 1/8, so that the
      // midpoints lo + (k + 1/2) step are exact floats and test the rounding of halves.
      in.lo = double(uni(rng, -16, 8)) / 8;
      in.hi = in.lo + std::ldexp(1.0, int(uni(rng, -3, 1))) * double((1 << in.bits) - 1);
    }
  } else {
    for (int64_t i = 0; i < ir::numel(shape); ++i)
      in.compare.push_back(randomCompare(rng, 1.5, false));
  }
  return in;
}

// Thresholds spread like the pre-activation: about sqrt(fanIn) times the largest weight for +-1
// inputs, scaled by the input's range [lo, hi] for a bit-serial layer. A multi-bit threshold
// layer gets 1 to 2^b - 1 comparisons per channel and the values its codes stand for.
void randomOutput(std::mt19937_64 &rng, ir::Layer &layer, bool last, double lo, double hi,
                  bool multi_bit) {
  int64_t cout = layer.geom.cout;
  int64_t max_w = (int64_t(1) << layer.weight_bits) - 1;
  for (int64_t e : layer.weight_offset)
    max_w = std::max(max_w, std::abs(e) + (int64_t(1) << layer.weight_bits) - 1);
  double spread = std::sqrt(double(layer.geom.fanIn())) * double(max_w);
  if (layer.bit_serial_input)
    spread *= std::max(std::fabs(lo), std::fabs(hi));
  if (last && uni(rng, 0, 9) < 6) {
    layer.output = ir::Layer::Output::Affine;
    for (int64_t c = 0; c < cout; ++c) {
      layer.scale.push_back(unif(rng, -2, 2));
      layer.offset.push_back(unif(rng, -3, 3));
    }
    return;
  }
  if (multi_bit && uni(rng, 0, 2) > 0) {
    layer.output_bits = int(uni(rng, 2, 3));
    int64_t n = uni(rng, 1, (int64_t(1) << layer.output_bits) - 1);
    for (int64_t i = 0; i < cout * n; ++i)
      layer.levels.push_back(randomCompare(rng, spread, !layer.bit_serial_input));
    layer.output_lo = unif(rng, -2, 1);
    layer.output_step = unif(rng, 0.125, 1);
    return;
  }
  for (int64_t c = 0; c < cout; ++c)
    layer.threshold.push_back(randomCompare(rng, spread, !layer.bit_serial_input));
}

ir::Layer makeLayer(std::mt19937_64 &rng, const ir::ConvGeometry &g, size_t index,
                    const RandomShape &options) {
  ir::Layer layer;
  char name[32]; // (std::string + std::to_string trips a false -Wrestrict in GCC 12)
  std::snprintf(name, sizeof name, "L%zu", index);
  layer.name = name;
  layer.source_op = g.kh * g.kw * g.ih * g.iw == 1 ? "Gemm" : "Conv";
  layer.geom = g;
  if (options.multi_bit) {
    layer.weight_bits = int(uni(rng, 1, 4));
    int64_t span = int64_t(1) << layer.weight_bits;
    bool all = options.offsets_often && uni(rng, 0, 1);
    for (int64_t c = 0; c < g.cout && (all || uni(rng, 0, 1)); ++c)
      layer.weight_offset.push_back(uni(rng, -span, span));
    if (int64_t(layer.weight_offset.size()) != g.cout)
      layer.weight_offset.clear();
  }
  for (int64_t i = 0; i < layer.weightRows() * g.fanIn(); ++i)
    layer.weights.push_back(uint8_t(uni(rng, 0, 1)));
  return layer;
}

} // namespace

mapping::Arch smallArch() {
  mapping::Arch a;
  a.name = "small";
  a.tile_rows = 16;
  a.tile_cols = 24;
  a.popcount_bits = 5;
  a.tiles = 65536;
  return a;
}

ir::Program randomProgram(std::mt19937_64 &rng, const RandomShape &options) {
  bool multi_bit = options.multi_bit;
  ir::Program prog;
  prog.model_name = "random";
  // Input: flat (dense only), C x W (1-D convolutions) or C x H x W (2-D).
  int64_t variant = uni(rng, 0, 2);
  int64_t c = uni(rng, 1, variant == 0 ? 150 : 6), h = variant == 2 ? uni(rng, 1, 8) : 1;
  int64_t w = variant == 0 ? 1 : uni(rng, 1, 12);
  ir::Shape shape = variant == 0   ? ir::Shape{c}
                    : variant == 1 ? ir::Shape{c, w}
                                   : ir::Shape{c, h, w};
  prog.input = randomInput(rng, shape);
  int64_t convs = variant == 0 ? 0 : uni(rng, 1, 2), denses = uni(rng, convs ? 0 : 1, 2);
  // What the next layer reads: bits, or values in [lo, hi] bit-serially.
  bool serial = prog.input.kind == ir::InputStage::Kind::BitSerial;
  double lo = prog.input.lo, hi = prog.input.hi;
  for (int64_t i = 0; i < convs + denses; ++i) {
    ir::ConvGeometry g;
    if (i < convs) {
      g = randomConv(rng, c, h, w, options.max_cout);
    } else { // dense: the flattened previous output, C x H x W order
      g.cin = c * h * w, g.cout = uni(rng, 1, options.max_cout);
    }
    ir::Layer layer = makeLayer(rng, g, size_t(i), options);
    layer.bit_serial_input = serial;
    bool last = i + 1 == convs + denses;
    randomOutput(rng, layer, last, lo, hi, multi_bit);
    serial = layer.output_bits > 1;
    lo = layer.output_lo;
    hi = lo + layer.output_step * double(layer.levelCount());
    if (i < convs && layer.output == ir::Layer::Output::Threshold && uni(rng, 0, 9) < 5)
      layer.pool = randomPool(rng, g);
    c = layer.geom.cout, h = layer.outH(), w = layer.outW();
    prog.layers.push_back(std::move(layer));
  }
  prog.final = ir::Program::Final(uni(rng, 0, 2));
  prog.output_shape = {prog.layers.back().outSize()};
  return prog;
}

std::vector<float> randomInputs(const ir::Program &program, int64_t count, std::mt19937_64 &rng) {
  const ir::InputStage &in = program.input;
  int64_t n = ir::numel(in.shape);
  std::vector<float> x;
  for (int64_t s = 0; s < count; ++s)
    for (int64_t i = 0; i < n; ++i) {
      bool tie = uni(rng, 0, 4) == 0;
      if (in.kind == ir::InputStage::Kind::Comparator) {
        x.push_back(tie ? float(in.compare[size_t(i)].t) : float(unif(rng, -2, 2)));
        continue;
      }
      // A quantization midpoint lo + (k + 1/2) step, or a value up to 30% outside [lo, hi].
      int64_t qmax = (int64_t(1) << in.bits) - 1;
      double range = in.hi - in.lo;
      x.push_back(tie ? float(in.lo + (double(uni(rng, 0, qmax)) + 0.5) * in.step())
                      : float(unif(rng, in.lo - 0.3 * range, in.hi + 0.3 * range)));
    }
  return x;
}

image::ChipImage makeImage(const ir::Program &program, const mapping::Arch &arch) {
  image::ChipImage image;
  image.program = program;
  image.mapping = mapping::mapProgram(program, arch, "random");
  return image;
}

RunResult runChip(const image::ChipImage &image, const std::vector<float> &x, int64_t count,
                  RunOptions options, const device::VirtualChip *chip, Simd simd) {
  std::shared_ptr<const Plan> plan = prepare(image, simd);
  std::shared_ptr<const ChipBinding> binding = chip ? bind(*plan, *chip) : nullptr;
  options.chip = binding.get();
  return run(*plan, x.data(), count, options);
}

} // namespace bnnc::emulator::test
