// The layer program's derived values (include/bnnc/ir/program.h).
#include "bnnc/ir/program.h"

#include <cassert>

namespace bnnc::ir {

int64_t Layer::weightValue(int64_t c, int64_t j) const {
  int64_t rows = geom.cout, fan_in = geom.fanIn(), d = 0;
  for (int i = 0; i < weight_bits; ++i) {
    bool plus = weights[size_t((i * rows + c) * fan_in + j)];
    d += plus ? (int64_t(1) << i) : -(int64_t(1) << i);
  }
  return d + offsetOf(c);
}

SerialInput Program::inputOf(size_t i) const {
  assert(i < layers.size() && layers[i].bit_serial_input);
  if (i == 0)
    return {input.bits, input.lo, input.step()};
  const Layer &prev = layers[i - 1];
  return {prev.output_bits, prev.output_lo, prev.output_step};
}

bool Program::multiBit() const {
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i].multiBit() || (i > 0 && layers[i].bit_serial_input))
      return true;
  return false;
}

} // namespace bnnc::ir
