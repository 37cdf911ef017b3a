// prepare: the execution plan of a chip image (see plan.h).
#include "plan.h"
#include "planes.h"

#include <cassert>

namespace bnnc::emulator {

namespace detail {

namespace {

// Bytes of q < 256 times signs keep |S| <= 255 * fan-in below 2^31 (the kernels' 32-bit sums);
// other bit-serial layers take the wide path.
LayerPlan::Kind kindOf(const ir::Program &prog, const ir::Layer &layer) {
  if (!layer.bit_serial_input)
    return LayerPlan::Kind::Binary;
  bool fits = prog.input.bits <= 8 && layer.geom.fanIn() < (int64_t(1) << 31) / 255;
  return fits ? LayerPlan::Kind::Serial : LayerPlan::Kind::Wide;
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

void planOutputs(LayerPlan &lp) {
  const ir::Layer &layer = *lp.layer;
  if (layer.output == ir::Layer::Output::Threshold && lp.kind == LayerPlan::Kind::Binary)
    for (int64_t c = 0; c < lp.classes.count; ++c)
      for (int64_t n = 0; n < lp.cout; ++n)
        lp.intervals.push_back(
            countInterval(layer.threshold[size_t(n)], lp.classes.keff[size_t(c)]));
  int64_t cw = pixelWords(lp.cout);
  lp.out = pixelLayout(lp.cout, layer.outH() * layer.outW());
  lp.out_words = lp.out.units / 64;
  lp.conv_words = lp.positions * cw;
  lp.or_mask.assign(size_t(cw), 0);
  for (size_t c = 0; c < layer.pool.use_or.size(); ++c)
    lp.or_mask[c / 64] |= uint64_t(layer.pool.use_or[c] != 0) << (c % 64);
}

LayerPlan planLayer(const image::ChipImage &image, int index, const Layout &in, int64_t in_words) {
  const ir::Program &prog = image.program;
  const ir::Layer &layer = prog.layers[size_t(index)];
  LayerPlan lp;
  lp.layer = &layer;
  lp.input = &prog.input;
  lp.kind = kindOf(prog, layer);
  lp.positions = layer.geom.positions();
  lp.cout = layer.geom.cout;
  lp.fan_in = layer.geom.fanIn();
  lp.groups = (lp.cout + kGroup - 1) / kGroup;
  lp.npad = lp.groups * kGroup;
  lp.planes = layer.bit_serial_input ? prog.input.bits : 1;
  lp.kwords = (lp.fan_in + 63) / 64;
  lp.kquads = (lp.fan_in + 3) / 4;
  lp.row_units = lp.kind == LayerPlan::Kind::Binary ? 64 * lp.kwords : 4 * lp.kquads;
  lp.in = in;
  lp.in_words = in_words;
  lp.slot = fanInSlots(layer.geom, in);
  lp.gather = buildGather(layer.geom, in, lp.slot);
  lp.classes = buildClasses(layer.geom, lp.slot, lp.row_units);
  planTiles(lp, image, index);
  planOutputs(lp);
  return lp;
}

// The program's invariants that the plan relies on (the image reader checks them).
void checkProgram(const image::ChipImage &image) {
  const ir::Program &prog = image.program;
  assert(!prog.layers.empty() && prog.layers.size() == image.mapping.layers.size());
  int64_t size = ir::numel(prog.input.shape);
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    const ir::Layer &layer = prog.layers[i];
    // Each layer reads the previous one's output (C x H x W order), and only the first may be
    // bit-serial; an affine layer ends the chain.
    assert(layer.geom.cin * layer.geom.ih * layer.geom.iw == size);
    assert(layer.bit_serial_input == (i == 0 ? prog.input.kind == ir::InputStage::Kind::BitSerial
                                             : prog.layers[i - 1].output_bits > 1));
    assert(layer.output == ir::Layer::Output::Threshold ||
           (i + 1 == prog.layers.size() && !layer.pool.enabled));
    size = layer.outSize();
  }
  assert(prog.output_shape.empty() || ir::numel(prog.output_shape) == size);
  assert(prog.input.kind == ir::InputStage::Kind::BitSerial ||
         int64_t(prog.input.compare.size()) == ir::numel(prog.input.shape));
  assert(prog.input.kind != ir::InputStage::Kind::BitSerial ||
         (prog.input.bits >= 1 && prog.input.bits <= 31));
  (void)size;
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
  if (prog.multiBit()) {
    plan->planes = planPlanes(image);
    plan->in_stride = planesStride(plan->in_size);
    return plan;
  }
  LayerPlan::Kind first = kindOf(prog, prog.layers[0]);
  plan->in_stride = encodedStride(first, plan->in_size);
  if (prog.input.kind == ir::InputStage::Kind::Comparator)
    plan->comparators = deriveComparators(prog.input);
  Layout in = flatLayout(plan->in_size, 1);
  int64_t in_words = plan->in_stride;
  TileWords stored;
  for (const mapping::Tile &t : image.mapping.tiles)
    stored.push_back(t.cells.data());
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    plan->layers.push_back(planLayer(image, int(i), in, in_words));
    LayerPlan &lp = plan->layers.back();
    lp.ideal = packWeights(*plan, lp, stored);
    in = lp.out;
    in_words = lp.out_words;
  }
  return plan;
}

Simd planSimd(const Plan &plan) { return plan.kernels->simd; }

} // namespace bnnc::emulator
