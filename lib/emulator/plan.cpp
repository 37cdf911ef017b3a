// prepare: the execution plan of a chip image (see plan.h).
#include "plan.h"

#include "codes.h"

#include "bnnc/ir/verify.h"

#include <algorithm>
#include <cassert>

namespace bnnc::emulator {

namespace detail {

namespace {

// The largest |w| of a layer's integer weights: 2^k - 1 for the planes plus the largest offset.
int64_t weightSpan(const ir::Layer &layer) {
  int64_t e = 0;
  for (int64_t v : layer.weight_offset)
    e = std::max(e, v < 0 ? -v : v);
  return (int64_t(1) << layer.weight_bits) - 1 + e;
}

// Bytes of q < 256 times signs keep |S| <= qmax * span * fan-in below 2^31 (the kernels' 32-bit
// sums, and S combined over the planes); other bit-serial layers take the wide path.
LayerPlan::Kind kindOf(const ir::Program &prog, size_t i) {
  const ir::Layer &layer = prog.layers[i];
  // A binary layer's P stays within span * fan-in < 2^31 (the kernels' 32-bit counts).
  assert(double(weightSpan(layer)) * double(layer.geom.fanIn()) < 2147483648.0);
  if (!layer.bit_serial_input)
    return LayerPlan::Kind::Binary;
  int bits = prog.inputOf(i).bits;
  double bound =
      double((int64_t(1) << bits) - 1) * double(weightSpan(layer)) * double(layer.geom.fanIn());
  return bits <= 8 && bound < 2147483648.0 ? LayerPlan::Kind::Serial : LayerPlan::Kind::Wide;
}

// 64-bit words of one encoded sample: the input stage's values in order (bits, bytes q or 32-bit
// q), rounded up to whole quads of values and to whole words, so that a row read straight from
// the buffer (a dense first layer) stays inside it.
int64_t encodedStride(LayerPlan::Kind kind, int64_t in_size) {
  if (kind == LayerPlan::Kind::Binary)
    return (in_size + 63) / 64;
  int64_t bytes = kind == LayerPlan::Kind::Wide ? 4 : 1;
  return ((in_size + 3) / 4 * 4 * bytes + 7) / 8;
}

// Tile columns of column block cb -> row units, merged into runs of consecutive slots.
void planColumns(LayerPlan &lp, const mapping::Mapping &m, int64_t col_blocks) {
  int64_t cols = m.arch.tile_cols;
  lp.col_begin.push_back(0);
  for (int64_t cb = 0; cb < col_blocks; ++cb) {
    size_t first = lp.col_runs.size();
    for (int64_t c = 0; c < cols && cb * cols + c < lp.fan_in; ++c) {
      int64_t dst = lp.slot[size_t(cb * cols + c)];
      Run *last = lp.col_runs.size() > first ? &lp.col_runs.back() : nullptr;
      if (last && last->src + last->len == c && last->dst + last->len == dst)
        ++last->len;
      else
        lp.col_runs.push_back({c, dst, 1});
    }
    lp.col_begin.push_back(int64_t(lp.col_runs.size()));
  }
}

void planTiles(LayerPlan &lp, const image::ChipImage &image, int index) {
  const mapping::Mapping &m = image.mapping;
  const mapping::LayerPlacement &place = m.layers[size_t(index)];
  int64_t cells = 0;
  // Tiles are numbered row block major from the layer's first tile (mapping.h).
  for (int64_t t = 0; t < place.row_blocks * place.col_blocks; ++t) {
    const mapping::Tile &tile = m.tiles[size_t(place.first_tile + t)];
    assert(tile.layer == index && tile.row0 == (t / place.col_blocks) * m.arch.tile_rows &&
           tile.col0 == (t % place.col_blocks) * m.arch.tile_cols);
    lp.tiles.push_back(int(place.first_tile + t));
    cells += tile.rows * tile.cols;
  }
  lp.cell_reads = lp.positions * lp.planes * cells;
  planColumns(lp, m, place.col_blocks);
}

// Outputs: bits in the pixel layout, or codes of `code_unit` bytes in the code layout (the next
// layer reads them as it reads a bit-serial input: bytes, or 32-bit values on the wide path).
void planOutputs(LayerPlan &lp, int64_t code_unit) {
  const ir::Layer &layer = *lp.layer;
  if (lp.plain) // a threshold layer
    for (int64_t c = 0; c < lp.classes.count; ++c)
      for (int64_t n = 0; n < lp.cout; ++n)
        lp.intervals.push_back(
            countInterval(layer.threshold[size_t(n)], lp.classes.keff[size_t(c)]));
  int64_t pixels = layer.outH() * layer.outW();
  if (layer.output_bits > 1) {
    lp.code_unit = code_unit;
    lp.levels = layer.levelCount();
    lp.out = codeLayout(lp.cout, pixels, code_unit);
    lp.pixel_words = codePixelWords(lp.cout, code_unit);
  } else {
    lp.out = pixelLayout(lp.cout, pixels);
    lp.pixel_words = pixelWords(lp.cout);
  }
  lp.out_words = pixels * lp.pixel_words;
  lp.conv_words = lp.positions * lp.pixel_words;
  lp.or_mask.assign(size_t(pixelWords(lp.cout)), 0);
  for (size_t c = 0; c < layer.pool.use_or.size(); ++c)
    lp.or_mask[c / 64] |= uint64_t(layer.pool.use_or[c] != 0) << (c % 64);
}

// Layer `index` reading `in` (in_words words per sample).
LayerPlan planLayer(const image::ChipImage &image, size_t index, const Layout &in,
                    int64_t in_words) {
  const ir::Program &prog = image.program;
  const ir::Layer &layer = prog.layers[index];
  LayerPlan lp;
  lp.layer = &layer;
  lp.kind = kindOf(prog, index);
  if (layer.bit_serial_input)
    lp.serial = prog.inputOf(index);
  lp.offsets = !layer.weight_offset.empty();
  lp.wplanes = layer.weight_bits;
  lp.plain = lp.kind == LayerPlan::Kind::Binary && lp.wplanes == 1 && !lp.offsets &&
             layer.output == ir::Layer::Output::Threshold && layer.output_bits == 1;
  lp.positions = layer.geom.positions();
  lp.cout = layer.geom.cout;
  lp.fan_in = layer.geom.fanIn();
  lp.groups = (lp.cout + kGroup - 1) / kGroup;
  lp.npad = lp.groups * kGroup;
  lp.planes = layer.bit_serial_input ? lp.serial.bits : 1;
  if (lp.offsets) {
    lp.offset.assign(size_t(lp.npad), 0);
    for (int64_t n = 0; n < lp.cout; ++n)
      lp.offset[size_t(n)] = int32_t(layer.offsetOf(n));
  }
  lp.kwords = (lp.fan_in + 63) / 64;
  lp.kquads = (lp.fan_in + 3) / 4;
  lp.row_units = lp.kind == LayerPlan::Kind::Binary ? 64 * lp.kwords : 4 * lp.kquads;
  lp.in = in;
  lp.in_words = in_words;
  lp.slot = fanInSlots(layer.geom, in);
  lp.gather = buildGather(layer.geom, in, lp.slot);
  lp.classes = buildClasses(layer.geom, lp.slot, lp.row_units);
  planTiles(lp, image, int(index));
  bool wide_next =
      index + 1 < prog.layers.size() && kindOf(prog, index + 1) == LayerPlan::Kind::Wide;
  planOutputs(lp, layer.output_bits > 8 || wide_next ? 4 : 1);
  return lp;
}

// The program's invariants that the plan relies on (bnnc/ir/verify.h; the pipeline and the
// image reader check them).
void checkProgram(const image::ChipImage &image) {
  assert(!ir::verifyProgram(image.program));
  assert(image.program.layers.size() == image.mapping.layers.size());
  (void)image;
}

} // namespace

} // namespace detail

std::shared_ptr<const Plan> prepare(const image::ChipImage &image, Simd simd) {
  using namespace detail;
  checkProgram(image);
  const ir::Program &prog = image.program;
  auto plan = std::make_shared<Plan>();
  plan->image = &image;
  plan->kernels = &kernelsFor(simd);
  plan->in_size = ir::numel(prog.input.shape);
  plan->out_size = prog.layers.back().outSize();
  LayerPlan::Kind first = kindOf(prog, 0);
  plan->in_stride = encodedStride(first, plan->in_size);
  if (prog.input.kind == ir::InputStage::Kind::Comparator)
    plan->comparators = deriveComparators(prog.input);
  else if (prog.input.level_groups > 0)
    plan->levels = deriveLevels(prog.input);
  Layout in = flatLayout(plan->in_size, 1);
  int64_t in_words = plan->in_stride;
  TileWords stored;
  for (const mapping::Tile &t : image.mapping.tiles)
    stored.push_back(t.cells.data());
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    plan->layers.push_back(planLayer(image, i, in, in_words));
    LayerPlan &lp = plan->layers.back();
    lp.ideal = packWeights(*plan, lp, stored);
    in = lp.out;
    in_words = lp.out_words;
  }
  return plan;
}

Simd planSimd(const Plan &plan) { return plan.kernels->simd; }

} // namespace bnnc::emulator
