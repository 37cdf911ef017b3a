// verifyProgram: the layer program's chain invariants (see verify.h).
#include "bnnc/ir/verify.h"

namespace bnnc::ir {

namespace {

std::string layerName(const Program &p, size_t i) {
  return "layer " + std::to_string(i) + " '" + p.layers[i].name + "'";
}

} // namespace

std::optional<std::string> verifyProgram(const Program &p) {
  if (p.layers.empty())
    return "the program has no layers";
  const InputStage &in = p.input;
  if (in.kind == InputStage::Kind::BitSerial && (in.bits < 1 || in.bits > 31))
    return "the bit-serial input has " + std::to_string(in.bits) + " bits, not 1 to 31";
  if (in.kind == InputStage::Kind::Comparator && int64_t(in.compare.size()) != numel(in.shape))
    return "the input stage has " + std::to_string(in.compare.size()) + " comparators for " +
           std::to_string(numel(in.shape)) + " input elements";
  int64_t size = numel(in.shape);
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const Layer &l = p.layers[i];
    int64_t reads = l.geom.cin * l.geom.ih * l.geom.iw;
    if (reads != size)
      return layerName(p, i) + " reads " + std::to_string(reads) + " values, " +
             (i == 0 ? "the input stage outputs " : "the previous layer outputs ") +
             std::to_string(size);
    bool serial = i == 0 ? in.kind == InputStage::Kind::BitSerial : p.layers[i - 1].output_bits > 1;
    if (l.bit_serial_input != serial)
      return layerName(p, i) + (serial ? " must" : " must not") + " read its input as bit-planes";
    if (l.output == Layer::Output::Affine && (i + 1 != p.layers.size() || l.pool.enabled))
      return layerName(p, i) + " outputs scores, so it must be the last layer and not pool";
    size = l.outSize();
  }
  int64_t outputs = p.final == Program::Final::ArgMax ? 1 : size;
  if (!p.output_shape.empty() && numel(p.output_shape) != outputs)
    return "the output shape has " + std::to_string(numel(p.output_shape)) +
           " elements, the program outputs " + std::to_string(outputs);
  return std::nullopt;
}

} // namespace bnnc::ir
