#include "unit/energy/energy_test_util.h"

namespace bnnc::energy::testing {

mapping::Arch smallArch(int64_t rows, int64_t cols, int64_t tiles, double clock_mhz) {
  mapping::Arch a;
  a.name = "small";
  a.tile_rows = rows;
  a.tile_cols = cols;
  a.tiles = tiles;
  a.clock_mhz = clock_mhz;
  // The narrowest popcount holding `cols` (checkArch requires 2^bits - 1 >= cols).
  a.popcount_bits = 1;
  while ((int64_t(1) << a.popcount_bits) - 1 < cols)
    ++a.popcount_bits;
  return a;
}

ir::Layer denseLayer(const std::string &name, int64_t cout, int64_t fan_in, std::mt19937 &rng) {
  ir::Layer l;
  l.name = name;
  l.source_op = "Gemm";
  l.geom.cin = fan_in;
  l.geom.cout = cout;
  l.weights.resize(size_t(cout * fan_in));
  for (uint8_t &w : l.weights)
    w = uint8_t(rng() & 1);
  l.threshold.assign(size_t(cout), ir::Compare{ir::Compare::Kind::Ge, 0});
  return l;
}

ir::InputStage comparatorInput(int64_t n) {
  ir::InputStage in;
  in.kind = ir::InputStage::Kind::Comparator;
  in.shape = {n};
  in.compare.assign(size_t(n), ir::Compare{ir::Compare::Kind::Ge, 0.5});
  return in;
}

image::ChipImage chipOf(const ir::Program &program, const mapping::Arch &arch) {
  image::ChipImage chip;
  chip.program = program;
  chip.mapping = mapping::mapProgram(program, arch, "test.onnx");
  chip.condition = image::conditionByName("typical");
  return chip;
}

Technology primeTechnology() {
  Technology t;
  t.name = "primes";
  t.sense_read_fj = 2;
  t.popcount_bit_fj = 3;
  t.compare_fj = 5;
  t.buffer_read_bit_fj = 7;
  t.buffer_write_bit_fj = 11;
  t.control_cycle_fj = 13;
  t.leakage_tile_cycle_fj = 17;
  t.sense_read_1t1r_fj = 19;
  t.logic_gate_fj = 23;
  t.gate_delay_ps = 29;
  return t;
}

} // namespace bnnc::energy::testing
