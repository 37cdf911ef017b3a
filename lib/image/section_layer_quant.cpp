// LAYQ (format 1.2): the multi-bit fields of every layer, present only when the program has
// multi-bit weights or activations (ir::Program::multiBit). The LAYR decoder reads entry i right
// after layer i's geometry and output kind, so that the placement and the chaining checks see the
// layer's weight planes and the previous layer's output bits.
#include "codec.h"
#include "sections.h"

namespace bnnc::image {

std::vector<uint8_t> encodeLayerQuant(const ir::Program &program) {
  ByteWriter w;
  w.u64(program.layers.size());
  for (const ir::Layer &l : program.layers) {
    w.i64(l.weight_bits);
    w.u64(l.weight_offset.size());
    for (int64_t e : l.weight_offset)
      w.i64(e);
    w.i64(l.output_bits);
    w.i64(l.levelCount());
    for (const ir::Compare &c : l.levels)
      writeCompare(w, c);
    w.f64(l.output_lo);
    w.f64(l.output_step);
  }
  return w.take();
}

void checkLayerQuantCount(SectionReader &r, uint64_t layers) {
  uint64_t at = r.offset();
  uint64_t n = r.count("the layer count", 6 * 8);
  if (n != layers)
    r.fail(at, "LAYQ has " + std::to_string(n) + " layers, LAYR " + std::to_string(layers));
}

void decodeLayerQuant(SectionReader &r, ir::Layer &l, const std::string &label) {
  int64_t cout = l.geom.cout;
  l.weight_bits = int(readInt(r, label + " weight_bits", 1, 8));
  uint64_t at = r.offset();
  uint64_t n = r.count(label + " weight offset count", 8);
  if (n != 0 && n != uint64_t(cout))
    r.fail(at, label + " has " + std::to_string(n) + " weight offsets, expected 0 or " +
                   std::to_string(cout));
  // e = 2 kmin + 2^k - 1 with |kmin| < 2^8 (weight_planes.cpp).
  for (uint64_t c = 0; c < n; ++c)
    l.weight_offset.push_back(readInt(r, label + " weight offset " + std::to_string(c),
                                      -(int64_t(1) << 10), int64_t(1) << 10));
  at = r.offset();
  l.output_bits = int(readInt(r, label + " output_bits", 1, 8));
  if (l.output_bits > 1 && l.output != ir::Layer::Output::Threshold)
    r.fail(at, label + " is affine with output_bits " + std::to_string(l.output_bits) +
                   "; only threshold layers output codes");
  at = r.offset();
  int64_t count = l.output_bits > 1 ? (int64_t(1) << l.output_bits) - 1 : 0;
  int64_t per = readInt(r, label + " levels per channel", l.output_bits > 1 ? 1 : 0, count);
  if (uint64_t(per) * uint64_t(cout) > r.remaining() / 9)
    r.fail(at, label + ": " + std::to_string(cout) + " channels of " + std::to_string(per) +
                   " comparisons need more bytes than the section holds");
  for (int64_t i = 0; i < per * cout; ++i)
    l.levels.push_back(readCompare(r, label + " level comparison " + std::to_string(i)));
  l.output_lo = readFinite(r, label + " output_lo");
  at = r.offset();
  l.output_step = readFinite(r, label + " output_step");
  if (l.output_bits > 1 && !(l.output_step > 0))
    r.fail(at, label + " output_step must be positive");
}

} // namespace bnnc::image
