// Events of one inference per layer, counted from the program and its mapping. docs/energy.md
// derives every count; the comments below give the formula and its reason in short.
#include "bnnc/energy/energy.h"

#include <algorithm>
#include <cassert>

namespace bnnc::energy {

namespace {

// Bits of an unsigned integer x >= 1: floor(log2 x) + 1 (the width of a word holding 0 .. x).
int64_t bitWidth(unsigned __int128 x) {
  int64_t bits = 0;
  for (; x != 0; x >>= 1)
    ++bits;
  return bits;
}

// Kernel taps that fall inside the input along one axis, summed over the output positions:
// sum over o < out of #{k < kernel : 0 <= o * stride - pad + k * dil < in}. A 2-D count is the
// product of the two axes' sums, because a tap (ky, kx) is valid iff both of its coordinates are.
int64_t validTaps(int64_t out, int64_t kernel, int64_t stride, int64_t pad, int64_t dil,
                  int64_t in) {
  int64_t taps = 0;
  for (int64_t o = 0; o < out; ++o)
    for (int64_t k = 0; k < kernel; ++k) {
      int64_t i = o * stride - pad + k * dil;
      taps += i >= 0 && i < in;
    }
  return taps;
}

// Real (unpadded) inputs over all output positions of a layer: sum over positions of Keff.
double activeInputs(const ir::ConvGeometry &g) {
  return double(g.cin) * double(validTaps(g.oh, g.kh, g.sh, g.pad_top, g.dh, g.ih)) *
         double(validTaps(g.ow, g.kw, g.sw, g.pad_left, g.dw, g.iw));
}

// Window elements read by max pooling, over all pooled outputs and channels; padded elements are
// ignored, as the emulator does.
double poolElements(const ir::Layer &layer) {
  const ir::Pooling &p = layer.pool;
  if (!p.enabled)
    return 0;
  return double(layer.geom.cout) *
         double(validTaps(p.oh, p.kh, p.sh, p.pad_top, p.dh, layer.geom.oh)) *
         double(validTaps(p.ow, p.kw, p.sw, p.pad_left, p.dw, layer.geom.ow));
}

bool compares(ir::Compare::Kind kind) {
  return kind == ir::Compare::Kind::Ge || kind == ir::Compare::Kind::Le;
}

// Compares that really run: a Zero / One output is a constant and needs no comparator.
double comparators(const std::vector<ir::Compare> &list) {
  double n = 0;
  for (const ir::Compare &c : list)
    n += compares(c.kind);
  return n;
}

// Full-adder bit operations of the popcount and accumulation datapath of one layer.
double popcountBits(const ir::Layer &layer, const mapping::LayerPlacement &p) {
  const ir::ConvGeometry &g = layer.geom;
  double P = double(g.positions()), B = double(p.planes), N = double(g.cout);
  double R = double(layer.weightRows()), k = double(layer.weight_bits);
  double K = double(g.fanIn()), CB = double(p.col_blocks);
  // The popcount tree of a tile counts the c used columns of a row read with at most c full
  // adders (each removes one bit from the pool of bits to add); summed over a row's column
  // blocks that is K per weight row (a neuron's, or one of its weight planes) per pass.
  double tree = P * B * R * K;
  // The CB partial counts of a row add in CB - 1 additions of the full count's width w(K).
  double bits = tree + P * B * R * (CB - 1) * double(bitWidth(uint64_t(g.fanIn())));
  // The width of one weight row's signed count over all input planes: w(K (2^B - 1)), one bit
  // more for the sign of 2T - Q.
  unsigned __int128 maxT = (unsigned __int128)g.fanIn() * ((uint64_t(1) << p.planes) - 1);
  double wT = double(bitWidth(maxT));
  if (p.planes > 1) {
    // Bit-serial: T = sum_b 2^b T_b needs B - 1 shift-and-adds per weight row per position, at
    // the width of T's largest value K (2^B - 1); Q = sum_b 2^b popcount(q_b over the active
    // inputs) is shared by all rows: a popcount of the Keff plane bits per plane and position,
    // and the same B - 1 shift-and-adds per position; S = 2T - Q is one subtraction one bit
    // wider per row.
    bits += P * R * (B - 1) * wT + B * activeInputs(g) + P * (B - 1) * wT + P * R * (wT + 1);
  }
  if (layer.weight_bits > 1)
    // The k planes of a neuron combine as sum_i 2^i S_i: k - 1 shift-and-adds per neuron and
    // position, at the width of the largest sum, wT + k + 1 bits.
    bits += P * N * (k - 1) * (wT + k + 1);
  if (!layer.weight_offset.empty()) {
    // The offset term e_c x (the input's sum over the active inputs): that sum is one popcount
    // per position shared by all neurons (for a bit-serial input, Q above), and its product with
    // the constant e_c takes w(max |e_c|) shift-and-adds per neuron and position, at the width
    // of the total.
    int64_t e = 0;
    for (int64_t v : layer.weight_offset)
      e = std::max(e, v < 0 ? -v : v);
    if (p.planes == 1)
      bits += activeInputs(g);
    bits += P * N * double(bitWidth(uint64_t(std::max<int64_t>(e, 1)))) * (wT + k + 1);
  }
  return bits;
}

// The input stage, counted with the first layer: a comparator per element that is not constant,
// and the write of the input to the activation buffer (`bits` per element for a bit-serial
// input, whose planes the first layer reads one at a time).
void addInputStage(const ir::InputStage &in, Events &e) {
  double elements = double(ir::numel(in.shape));
  if (in.kind == ir::InputStage::Kind::Comparator) {
    e.compares += comparators(in.compare);
    e.buffer_write_bits += elements;
  } else {
    e.buffer_write_bits += elements * double(in.bits);
  }
}

// Words a neuron's row reads decode per pass: each column block's ceil(cols / k) words.
double wordsPerPass(int64_t fan_in, int64_t tile_cols, int64_t k) {
  double words = 0;
  for (int64_t first = 0; first < fan_in; first += tile_cols) {
    int64_t cols = std::min(tile_cols, fan_in - first);
    words += double((cols + k - 1) / k);
  }
  return words;
}

} // namespace

Events layerEvents(const ir::Program &program, const mapping::Mapping &mapping, int index,
                   const ReadScheme &scheme, int64_t decoder_cycles) {
  assert(mapping.layers.size() == program.layers.size());
  const ir::Layer &layer = program.layers[size_t(index)];
  const mapping::LayerPlacement &p = mapping.layers[size_t(index)];
  const ir::ConvGeometry &g = layer.geom;
  double P = double(g.positions()), B = double(p.planes);
  Events e;
  // Every used cell of every row read goes through its PCSA: per pass (position, input plane)
  // each of the weight rows (cout neurons times their weight planes) reads its fanIn cells, spread
  // over its column blocks. Masked (padded) inputs are read too: masking happens after the sense
  // amplifier.
  e.sense_reads = P * B * double(layer.weightRows()) * double(g.fanIn());
  e.popcount_bits = popcountBits(layer, p);
  // One comparator per neuron and position (before pooling), for thresholds that are not
  // constant, or one per level of a multi-bit output; an affine last layer has none (its scores
  // go out as they are).
  if (layer.output == ir::Layer::Output::Threshold)
    e.compares = P * comparators(layer.output_bits > 1 ? layer.levels : layer.threshold);
  // A window element of a b-bit code is compared bit by bit with the running maximum.
  e.pool_ops = poolElements(layer) * double(layer.output_bits);
  // Per pass, the real inputs of the receptive field are read once from the buffer and held on
  // the columns of every row block while the rows are read.
  e.buffer_read_bits = B * activeInputs(g);
  // The layer's output: output_bits per element (pooled if pooling), or kScoreBits-bit scores of
  // an affine layer.
  double outputs = double(layer.outSize());
  e.buffer_write_bits = layer.output == ir::Layer::Output::Threshold
                            ? outputs * double(layer.output_bits)
                            : outputs * double(kScoreBits);
  // A tile is clocked for each row it reads and clock-gated otherwise: the row reads of the layer.
  e.active_tile_cycles = double(p.array_reads);
  e.cycles = double(p.cycles + kDrainCycles);
  if (index == 0)
    addInputStage(program.input, e);
  // With a code, every row read also reads its words' check cells, and decodes the words.
  if (scheme.data_bits > 0) {
    e.decoded_words =
        P * B * double(g.cout) * wordsPerPass(g.fanIn(), mapping.arch.tile_cols, scheme.data_bits);
    e.check_reads = e.decoded_words * double(scheme.check_bits);
    e.cycles += double(decoder_cycles);
  }
  return e;
}

} // namespace bnnc::energy
