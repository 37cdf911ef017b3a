#include "compile_report.h"
#include "bnnc/energy/energy.h"
#include "bnnc/support/format.h"

#include <cstdio>
#include <ostream>

namespace bnnc::driver {

namespace {

bool isDense(const ir::ConvGeometry &g) { return g.ih == 1 && g.iw == 1 && g.kh == 1 && g.kw == 1; }

// Cycles of one inference as the energy model counts them (one definition of the latency for
// compile and run): every layer's row-read cycles plus its pipeline drain (docs/energy.md).
int64_t totalCycles(const image::ChipImage &chip) {
  return int64_t(energy::inferenceEnergy(chip, energy::defaultTechnology()).total.events.cycles);
}

} // namespace

std::string layerOutputText(const ir::Layer &l) {
  // Appended piece by piece (see layerShapeText).
  std::string text;
  if (l.weight_bits > 1)
    text.append("w").append(std::to_string(l.weight_bits)).append(" ");
  if (l.output == ir::Layer::Output::Affine)
    return text.append("scores");
  if (l.output_bits > 1)
    text.append("a").append(std::to_string(l.output_bits));
  else
    text.append("threshold");
  return l.pool.enabled ? text.append(" + maxpool") : text;
}

nlohmann::json layerJson(const ir::Layer &l, const mapping::LayerPlacement &p) {
  const ir::ConvGeometry &g = l.geom;
  nlohmann::json j = {{"name", l.name},
                      {"op", l.source_op},
                      {"kind", isDense(g) ? "dense" : "conv"},
                      {"shape", layerShapeText(l)},
                      {"fan_in", g.fanIn()},
                      {"neurons", g.cout},
                      {"positions", g.positions()},
                      {"bit_serial_input", l.bit_serial_input},
                      {"input_planes", p.planes},
                      {"weight_bits", l.weight_bits},
                      {"output", l.output == ir::Layer::Output::Threshold ? "threshold" : "affine"},
                      {"output_bits", l.output_bits},
                      {"pooling", l.pool.enabled},
                      {"tiles", p.row_blocks * p.col_blocks},
                      {"cell_utilization", p.utilization},
                      {"array_reads_per_inference", p.array_reads},
                      {"cycles_per_inference", p.cycles}};
  return j;
}

std::string layerShapeText(const ir::Layer &l) {
  const ir::ConvGeometry &g = l.geom;
  if (isDense(g))
    return "dense " + std::to_string(g.cin) + " -> " + std::to_string(g.cout);
  auto dims = [](int64_t c, int64_t h, int64_t w) { // "16x28x28", or "16x28" when h is 1
    // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on "x" + string.
    std::string text = std::to_string(c);
    if (h != 1)
      text.append("x").append(std::to_string(h));
    return text.append("x").append(std::to_string(w));
  };
  std::string k =
      g.kh == 1 ? std::to_string(g.kw) : std::to_string(g.kh) + "x" + std::to_string(g.kw);
  return "conv " + dims(g.cin, g.ih, g.iw) + " -> " + dims(g.cout, g.oh, g.ow) + " k" + k;
}

nlohmann::json compileReportJson(const CompileFacts &f) {
  const image::ChipImage &chip = *f.chip;
  const mapping::Arch &a = chip.mapping.arch;
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < chip.program.layers.size(); ++i)
    layers.push_back(layerJson(chip.program.layers[i], chip.mapping.layers[i]));
  const image::Condition &c = chip.condition;
  int64_t cycles = totalCycles(chip);
  const ir::InputStage &in = chip.program.input;
  nlohmann::json input = {
      {"kind", in.kind == ir::InputStage::Kind::BitSerial ? "bit-serial" : "comparator"},
      {"shape", in.shape}};
  if (in.kind == ir::InputStage::Kind::BitSerial)
    input.update({{"bits", in.bits}, {"range", {in.lo, in.hi}}});
  nlohmann::json fault_aware = nullptr;
  if (const auto &fa = f.fault_aware)
    fault_aware = {{"fault_map", f.fault_map},
                   {"spare_cols", a.spare_cols},
                   {"faulty_cells", fa->faulty_cells},
                   {"expected_wrong_cells_plain", fa->harm_identity},
                   {"expected_wrong_cells_mapped", fa->harm_mapped},
                   {"tiles_remapped", fa->tiles_remapped},
                   {"spare_cols_used", fa->spare_cols_used}};
  return {{"model", f.model},
          {"image", f.image},
          {"image_bytes", f.image_bytes},
          {"input", input},
          {"architecture",
           {{"name", a.name},
            {"tile_rows", a.tile_rows},
            {"tile_cols", a.tile_cols},
            {"popcount_bits", a.popcount_bits},
            {"tiles", a.tiles},
            {"clock_mhz", a.clock_mhz}}},
          {"layers", layers},
          {"tiles_used", chip.mapping.tiles.size()},
          {"cycles_per_inference", cycles},
          {"latency_per_inference_ns", double(cycles) * 1e3 / a.clock_mhz},
          {"condition", c.name},
          {"programming",
           {{"pulses", f.schedule.pulses},
            {"sets", f.schedule.sets},
            {"resets", f.schedule.resets},
            {"energy_nj", f.schedule.energy_nj},
            {"time_us", f.schedule.time_us}}},
          {"fault_aware_mapping", fault_aware},
          {"notes", chip.program.notes},
          {"warnings", f.warnings}};
}

void printCompileReport(std::ostream &out, const CompileFacts &f) {
  const image::ChipImage &chip = *f.chip;
  const mapping::Arch &a = chip.mapping.arch;
  const ir::InputStage &in = chip.program.input;
  out << "compiled " << f.model << " -> " << f.image << " (" << f.image_bytes << " bytes)\n";
  if (in.kind == ir::InputStage::Kind::BitSerial)
    out << "input: " << ir::shapeString(in.shape) << ", bit-serial, " << in.bits << " bits over ["
        << in.lo << ", " << in.hi << "]\n";
  else
    out << "input: " << ir::shapeString(in.shape) << ", binarized by comparators\n";
  out << "layer  name                  shape                             tiles  util   "
         "reads/inf  cycles/inf  output\n";
  for (size_t i = 0; i < chip.program.layers.size(); ++i) {
    const ir::Layer &l = chip.program.layers[i];
    const mapping::LayerPlacement &p = chip.mapping.layers[i];
    char line[256];
    std::snprintf(line, sizeof line, "%-6zu %-21.21s %-33.33s %5lld  %5.1f%% %10lld  %10lld  %s\n",
                  i, l.name.c_str(), layerShapeText(l).c_str(),
                  (long long)(p.row_blocks * p.col_blocks), 100 * p.utilization,
                  (long long)p.array_reads, (long long)p.cycles, layerOutputText(l).c_str());
    out << line;
  }
  int64_t cycles = totalCycles(chip);
  out << "tiles: " << chip.mapping.tiles.size() << " of " << a.tiles << " (" << a.tile_rows << "x"
      << a.tile_cols << " 2T2R cells, architecture '" << a.name << "')\n";
  out << "cycles per inference: " << cycles << " ("
      << formatFixed("%.3f", double(cycles) / a.clock_mhz) << " us at " << a.clock_mhz
      << " MHz; the layers' row reads and " << energy::kDrainCycles
      << " pipeline drain cycles each)\n";
  out << "programming (" << chip.condition.name << "): " << f.schedule.pulses << " pulses, "
      << formatFixed("%.3f", f.schedule.energy_nj) << " nJ, "
      << formatFixed("%.3f", f.schedule.time_us) << " us\n";
  if (const auto &fa = f.fault_aware)
    out << "fault-aware mapping (" << f.fault_map << "): " << fa->faulty_cells
        << " cells with stuck devices in the image's tiles; expected wrong cells "
        << formatFixed("%.1f", fa->harm_identity) << " placed plainly, "
        << formatFixed("%.1f", fa->harm_mapped) << " placed around them (" << fa->tiles_remapped
        << " tiles re-placed, " << fa->spare_cols_used << " of "
        << a.spare_cols * int64_t(chip.mapping.tiles.size()) << " spare columns used)\n";
  for (const std::string &note : chip.program.notes)
    out << "note: " << note << "\n";
}

} // namespace bnnc::driver
