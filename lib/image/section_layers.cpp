// LAYR: the layers of the program (everything but the weights, which TILE holds) and their
// placements.
#include "codec.h"
#include "layer_fields.h"
#include "sections.h"
#include "text.h"

namespace bnnc::image {

namespace {

using mapping::LayerPlacement;

void writePlacement(ByteWriter &w, const LayerPlacement &p) {
  for (int64_t v :
       {int64_t(p.first_tile), p.row_blocks, p.col_blocks, p.planes, p.array_reads, p.cycles})
    w.i64(v);
  w.f64(p.utilization);
}

// Decodes one layer, checking each field as it is read so that errors point at it.
class LayerDecoder {
public:
  LayerDecoder(SectionReader &r, ir::Program &p, const mapping::Arch &arch, SectionReader *quant)
      : r_(r), p_(p), arch_(arch), quant_(quant) {}

  // `input_size` is the element count the previous layer (or the input stage) produces;
  // `first_tile` the number of tiles the earlier layers use.
  LayerPlacement decode(int index, int64_t input_size, int64_t first_tile) {
    ir::Layer &l = p_.layers.emplace_back();
    l.name = r_.str("the name of layer " + std::to_string(index));
    l.source_op = r_.str("the source op of layer '" + l.name + "'");
    label_ = "layer '" + l.name + "'";
    uint64_t geomAt = r_.offset();
    l.geom = readGeometry(r_, label_);
    int64_t reads = l.geom.cin * l.geom.ih * l.geom.iw;
    if (reads != input_size)
      r_.fail(geomAt, label_ + " reads cin * ih * iw = " + std::to_string(reads) + " values, " +
                          (index == 0 ? "the input stage gives " : "the previous layer gives ") +
                          std::to_string(input_size));
    readInputAndOutputKind(l);
    if (quant_)
      decodeLayerQuant(*quant_, l, label_);
    checkInput(l, index);
    readOutputs(l);
    uint64_t at = r_.offset();
    l.pool.enabled = r_.boolean(label_ + " pooling enabled");
    if (l.pool.enabled && l.output == ir::Layer::Output::Affine)
      r_.fail(at, label_ + " is affine and pooled; pooling applies to threshold layers only");
    readPooling(r_, l.pool, l.geom, label_);
    readUseOr(l);
    return readPlacement(index, first_tile);
  }
  // The offset of the last decoded layer's output kind.
  uint64_t outputKindAt() const { return kind_at_; }

private:
  void readInputAndOutputKind(ir::Layer &l) {
    serial_at_ = r_.offset();
    l.bit_serial_input = r_.boolean(label_ + " bit_serial_input");
    uint64_t at = r_.offset();
    uint8_t kind = r_.u8(label_ + " output kind");
    if (kind > uint8_t(ir::Layer::Output::Affine))
      r_.fail(at, label_ + " output kind is " + std::to_string(kind) +
                      ", not one of 0 (threshold), 1 (affine)");
    l.output = ir::Layer::Output(kind);
    kind_at_ = at;
  }

  // Exactly the layers after a bit-serial input stage or a multi-bit output read bit-planes.
  void checkInput(const ir::Layer &l, int index) {
    bool expected = index == 0 ? p_.input.kind == ir::InputStage::Kind::BitSerial
                               : p_.layers[size_t(index) - 1].output_bits > 1;
    if (l.bit_serial_input != expected)
      r_.fail(serial_at_, label_ + " has bit_serial_input " + std::to_string(l.bit_serial_input) +
                              ", expected " + std::to_string(expected) +
                              " (the layers after a bit-serial input stage or a multi-bit "
                              "output read bit-planes, the others bits)");
  }

  // A count that must be `expected` (cout for the layer's own kind of output, else 0).
  uint64_t readCount(const std::string &what, uint64_t element_size, int64_t expected) {
    uint64_t at = r_.offset();
    uint64_t n = r_.count(label_ + " " + what + " count", element_size);
    if (n != uint64_t(expected))
      r_.fail(at, label_ + " has " + std::to_string(n) + " " + what + " values, expected " +
                      std::to_string(expected));
    return n;
  }

  void readOutputs(ir::Layer &l) {
    bool threshold = l.output == ir::Layer::Output::Threshold;
    int64_t cout = l.geom.cout;
    uint64_t n = readCount("threshold", 9, threshold && l.output_bits == 1 ? cout : 0);
    for (uint64_t c = 0; c < n; ++c)
      l.threshold.push_back(readCompare(r_, label_ + " comparison " + std::to_string(c)));
    n = readCount("scale", 8, threshold ? 0 : cout);
    for (uint64_t c = 0; c < n; ++c)
      l.scale.push_back(readFinite(r_, label_ + " scale " + std::to_string(c)));
    n = readCount("offset", 8, threshold ? 0 : cout);
    for (uint64_t c = 0; c < n; ++c)
      l.offset.push_back(readFinite(r_, label_ + " offset " + std::to_string(c)));
  }

  void readUseOr(ir::Layer &l) {
    uint64_t n = readCount("pooling use_or", 1, l.pool.enabled ? l.geom.cout : 0);
    for (uint64_t c = 0; c < n; ++c)
      l.pool.use_or.push_back(r_.boolean(label_ + " pooling use_or " + std::to_string(c)));
  }

  // The stored placement must be the one the geometry and the architecture give.
  LayerPlacement readPlacement(int index, int64_t first_tile) {
    const ir::Layer &l = p_.layers.back();
    uint64_t at = r_.offset();
    int64_t need = mapping::tilesNeeded(l.weightRows(), l.geom.fanIn(), arch_);
    if (first_tile + need > arch_.tiles)
      r_.fail(at, label_ + " needs " + std::to_string(need) + " tiles after the " +
                      std::to_string(first_tile) + " of the earlier layers; the architecture '" +
                      arch_.name + "' has " + std::to_string(arch_.tiles));
    LayerPlacement expected = mapping::placeLayer(p_, index, arch_, int(first_tile), r_.source());
    const char *names[6] = {"first_tile", "row_blocks",  "col_blocks",
                            "planes",     "array_reads", "cycles"};
    int64_t want[6] = {expected.first_tile, expected.row_blocks,  expected.col_blocks,
                       expected.planes,     expected.array_reads, expected.cycles};
    for (int i = 0; i < 6; ++i) {
      at = r_.offset();
      int64_t got = r_.i64(label_ + " " + names[i]);
      if (got != want[i])
        r_.fail(at, label_ + " placement " + names[i] + " is " + std::to_string(got) +
                        ", the geometry and architecture give " + std::to_string(want[i]));
    }
    at = r_.offset();
    double got = r_.f64(label_ + " utilization");
    if (got != expected.utilization)
      r_.fail(at, label_ + " placement utilization is " + formatDouble(got) +
                      ", the geometry and architecture give " + formatDouble(expected.utilization));
    return expected;
  }

  SectionReader &r_;
  ir::Program &p_;
  const mapping::Arch &arch_;
  SectionReader *quant_;
  std::string label_;
  uint64_t kind_at_ = 0, serial_at_ = 0;
};

} // namespace

std::vector<uint8_t> encodeLayers(const ir::Program &program,
                                  const std::vector<LayerPlacement> &placements) {
  ByteWriter w;
  w.u64(program.layers.size());
  for (size_t i = 0; i < program.layers.size(); ++i) {
    const ir::Layer &l = program.layers[i];
    w.str(l.name);
    w.str(l.source_op);
    writeGeometry(w, l.geom);
    w.boolean(l.bit_serial_input);
    w.u8(uint8_t(l.output));
    w.u64(l.threshold.size());
    for (const ir::Compare &c : l.threshold)
      writeCompare(w, c);
    for (const std::vector<double> *values : {&l.scale, &l.offset}) {
      w.u64(values->size());
      for (double v : *values)
        w.f64(v);
    }
    w.boolean(l.pool.enabled);
    writePooling(w, l.pool);
    w.u64(l.pool.use_or.size());
    for (uint8_t v : l.pool.use_or)
      w.u8(v);
    writePlacement(w, placements[i]);
  }
  return w.take();
}

std::vector<LayerPlacement> decodeLayers(SectionReader &r, ir::Program &program,
                                         const mapping::Arch &arch, SectionReader *quant) {
  uint64_t at = r.offset();
  // A layer entry is at least 2 string lengths, 16 + 12 + 6 i64, 4 u64 counts, 3 u8, 1 f64.
  uint64_t n = r.count("the layer count", 2 * 4 + 34 * 8 + 4 * 8 + 3 + 8);
  if (n == 0)
    r.fail(at, "the image has no layers");
  if (quant)
    checkLayerQuantCount(*quant, n);
  LayerDecoder decoder(r, program, arch, quant);
  std::vector<LayerPlacement> placements;
  int64_t size = elementCount(program.input.shape), tiles = 0;
  std::vector<uint64_t> kindAt;
  for (uint64_t i = 0; i < n; ++i) {
    placements.push_back(decoder.decode(int(i), size, tiles));
    kindAt.push_back(decoder.outputKindAt());
    size = program.layers.back().outSize();
    tiles += placements.back().row_blocks * placements.back().col_blocks;
  }
  // An affine layer outputs scores, not bits, so nothing can follow it.
  for (uint64_t i = 0; i + 1 < n; ++i)
    if (program.layers[i].output == ir::Layer::Output::Affine)
      r.fail(kindAt[i], "layer '" + program.layers[i].name +
                            "' is affine but not the last layer (it outputs scores, not bits)");
  return placements;
}

} // namespace bnnc::image
