// The execution plan of a chip image (emulator.h, prepare): per layer, the layout of its input
// buffer, the packed fan-in order, the gather runs (the indirection table), the padding classes,
// the comparators in kernel form, the pooling masks, and the stored weights packed for the
// kernel set. Built once per image; immutable afterwards.
#pragma once

#include "bnnc/emulator/detail/input_table.h"
#include "bnnc/emulator/detail/kernels.h"
#include "bnnc/emulator/emulator.h"
#include "classes.h"
#include "layout.h"
#include "levels.h"
#include "thresholds.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// One layer's weights packed for the kernels (kernels.h), with what depends on them per padding
// class. The plan holds the stored cells' (the ideal chip); a binding holds a virtual chip's.
// Weight plane i of the layer's `wplanes` is packed like a binary layer's weights, the planes one
// after the other (plane stride: planeWords or planeSigns).
struct LayerWeights {
  std::vector<uint64_t> bits; // binary layers: [wplanes][groups][kwords][kGroup]
  std::vector<int8_t> signs;  // bit-serial layers: [wplanes][groups][kquads][kGroup][4]
  // Binary layers but plain ones: [classes][npad] the pre-activation P when every raw count is 0
  // (combine.h).
  std::vector<int64_t> base;
  // Bit-serial: [classes][npad] A, the sum of the real weights (all planes and the offset).
  std::vector<int64_t> asum;
  // Threshold layers but Wide ones: [classes][levels][npad] the interval of the integer that
  // passes each comparator: the raw popcount (plain layers: the count interval shifted by the
  // weights in the padding), P (other binary layers) or S (bit-serial; thresholds.h).
  std::vector<int32_t> lo, hi;
};

struct LayerPlan {
  const ir::Layer *layer = nullptr;
  ir::SerialInput serial; // a bit-serial layer's input: bits (= planes), lo, step
  // Binary: +-1 inputs as bits, XOR-popcount. Serial: a bit-serial input as bytes q < 256 times
  // +-1 signs. Wide: a bit-serial input whose q or sums do not fit that (32-bit q, 64-bit sums).
  enum class Kind : uint8_t { Binary, Serial, Wide } kind = Kind::Binary;
  // A binary layer of one weight plane without offsets and with one output bit: its outputs
  // compare the kernel's raw counts directly; every other layer combines its planes first.
  bool plain = true;
  bool offsets = false;        // some channel has a weight offset e_c != 0
  std::vector<int32_t> offset; // with offsets: [npad] e_c, 0 for the padding neurons
  int64_t positions = 0, cout = 0, fan_in = 0;
  int64_t groups = 0, npad = 0; // neurons in kGroup groups: npad = groups * kGroup
  int64_t wplanes = 1;          // weight planes: row i * cout + c of the tiles is plane i of c
  int64_t levels = 1;           // comparators per channel of a threshold layer
  int64_t planes = 1;           // array passes per position (input bits of a bit-serial layer)
  int64_t kwords = 0;           // binary: words of a row
  int64_t kquads = 0;           // bit-serial: groups of four units of a row
  int64_t row_units = 0;        // 64 * kwords bits, or 4 * kquads values
  Layout in;                    // the layer's input in one sample's buffer
  int64_t in_words = 0;         // 64-bit words of one sample's input buffer
  std::vector<int64_t> slot;    // [fan_in]: the row unit of each fan-in element (layout.h)
  Gather gather;
  Classes classes;
  // Weight packing: the columns of a tile of column block cb map to row units by the runs
  // col_runs[col_begin[cb] .. col_begin[cb + 1]) (src: tile column, dst: slot).
  std::vector<Run> col_runs;
  std::vector<int64_t> col_begin;
  std::vector<int> tiles;          // image tile indices, row block major
  std::vector<Interval> intervals; // plain threshold layers: [classes][cout]
  // Outputs are bits in the pixel layout, or codes (output_bits > 1) of code_unit bytes each in
  // the code layout (codes.h): 1, or 4 when the next layer is Wide.
  int64_t code_unit = 0;
  Layout out;                    // the (pooled) output: the next layer's input
  int64_t out_words = 0;         // per sample
  int64_t pixel_words = 0;       // one output position's words: pixelWords(cout), or its codes'
  int64_t conv_words = 0;        // per sample before pooling: positions * pixel_words
  std::vector<uint64_t> or_mask; // [pixelWords(cout)]: bit c set where channel c pools by OR
  int64_t cell_reads = 0;        // per sample: positions x planes x used cells of the tiles
  LayerWeights ideal;            // the stored cells
  int64_t planeWords() const { return groups * kwords * kGroup; }
  int64_t planeSigns() const { return groups * kquads * kGroup * 4; }
  bool codes() const { return code_unit > 0; }
};

} // namespace bnnc::emulator::detail

namespace bnnc::emulator {

struct Plan {
  const image::ChipImage *image = nullptr;
  const detail::KernelSet *kernels = nullptr;
  std::vector<detail::LayerPlan> layers;
  int64_t in_size = 0, out_size = 0;   // values of one sample's input and output
  int64_t in_stride = 0;               // 64-bit words of one encoded sample
  detail::ComparatorTable comparators; // a comparator input stage, for encodeInputs
  detail::LevelTable levels;           // a bit-serial input stage with a quantizer, likewise
};

} // namespace bnnc::emulator

namespace bnnc::emulator::detail {

// The words of tile `t` of the image (the stored cells, or a virtual chip's), for packWeights.
using TileWords = std::vector<const uint64_t *>;

// Packs the weights of layer `lp` read from `words` (one pointer per image tile, rows of `wpr`
// words) and derives their per-class values.
LayerWeights packWeights(const Plan &plan, const LayerPlan &lp, const TileWords &words);

} // namespace bnnc::emulator::detail
