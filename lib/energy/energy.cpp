// Energy and latency of one inference: the events of each layer priced with the technology's
// per-event energies (fJ, reported in pJ), summed per component and over layers.
#include "bnnc/energy/energy.h"

#include <cmath>

namespace bnnc::energy {

namespace {

constexpr double kFjPerPj = 1000;

// pJ per component from a layer's events. Leakage counts every tile of the chip, busy or not,
// for every cycle of the layer. Pooling's one-bit gates are priced as full-adder bits and
// reported with the compares (both are the neuron's output stage).
void price(LayerEnergy &l, const Technology &t, const ReadScheme &scheme, int64_t chipTiles) {
  const Events &e = l.events;
  double read_fj = scheme.single_device ? t.sense_read_1t1r_fj : t.sense_read_fj;
  l.sense_pj = (e.sense_reads + e.check_reads) * read_fj / kFjPerPj;
  l.ecc_pj = e.decoded_words * scheme.decoder_gates * t.logic_gate_fj / kFjPerPj;
  l.popcount_pj = e.popcount_bits * t.popcount_bit_fj / kFjPerPj;
  l.compare_pj = (e.compares * t.compare_fj + e.pool_ops * t.popcount_bit_fj) / kFjPerPj;
  l.buffer_pj =
      (e.buffer_read_bits * t.buffer_read_bit_fj + e.buffer_write_bits * t.buffer_write_bit_fj) /
      kFjPerPj;
  l.control_pj = e.active_tile_cycles * t.control_cycle_fj / kFjPerPj;
  l.leakage_pj = double(chipTiles) * e.cycles * t.leakage_tile_cycle_fj / kFjPerPj;
}

void accumulate(Events &sum, const Events &e) {
  sum.sense_reads += e.sense_reads;
  sum.check_reads += e.check_reads;
  sum.decoded_words += e.decoded_words;
  sum.popcount_bits += e.popcount_bits;
  sum.compares += e.compares;
  sum.buffer_read_bits += e.buffer_read_bits;
  sum.buffer_write_bits += e.buffer_write_bits;
  sum.active_tile_cycles += e.active_tile_cycles;
  sum.cycles += e.cycles;
  sum.pool_ops += e.pool_ops;
}

void accumulate(LayerEnergy &sum, const LayerEnergy &l) {
  accumulate(sum.events, l.events);
  sum.sense_pj += l.sense_pj;
  sum.ecc_pj += l.ecc_pj;
  sum.popcount_pj += l.popcount_pj;
  sum.compare_pj += l.compare_pj;
  sum.buffer_pj += l.buffer_pj;
  sum.control_pj += l.control_pj;
  sum.leakage_pj += l.leakage_pj;
}

nlohmann::ordered_json eventsJson(const Events &e) {
  return {{"sense_reads", e.sense_reads},
          {"check_reads", e.check_reads},
          {"decoded_words", e.decoded_words},
          {"popcount_bits", e.popcount_bits},
          {"compares", e.compares},
          {"pool_ops", e.pool_ops},
          {"buffer_read_bits", e.buffer_read_bits},
          {"buffer_write_bits", e.buffer_write_bits},
          {"active_tile_cycles", e.active_tile_cycles},
          {"cycles", e.cycles}};
}

nlohmann::ordered_json componentsJson(const LayerEnergy &l) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto &[name, pj] : components(l))
    out[name] = pj;
  return out;
}

// The decoder's gate levels fill whole cycles of the clock; pipelined behind the row reads, they
// add to each layer's drain only.
int64_t decoderCycles(const ReadScheme &scheme, const Technology &tech, double clock_mhz) {
  if (scheme.data_bits == 0)
    return 0;
  double cycle_ps = 1e6 / clock_mhz;
  return int64_t(std::ceil(double(scheme.decoder_levels) * tech.gate_delay_ps / cycle_ps));
}

} // namespace

InferenceEnergy inferenceEnergy(const image::ChipImage &image, const Technology &tech,
                                const ReadScheme &scheme) {
  const ir::Program &program = image.program;
  const mapping::Arch &arch = image.mapping.arch;
  const int64_t decoder_cycles = decoderCycles(scheme, tech, arch.clock_mhz);
  InferenceEnergy out;
  out.technology = tech.name;
  out.total.name = "total";
  for (size_t i = 0; i < program.layers.size(); ++i) {
    LayerEnergy l;
    l.name = program.layers[i].name;
    l.events = layerEvents(program, image.mapping, int(i), scheme, decoder_cycles);
    price(l, tech, scheme, arch.tiles);
    accumulate(out.total, l);
    out.layers.push_back(l);
  }
  out.energy_per_inference_pj = out.total.total_pj();
  // Layers run one after the other; a cycle at f MHz lasts 1000 / f ns.
  out.latency_per_inference_ns = out.total.events.cycles * 1000.0 / arch.clock_mhz;
  return out;
}

std::vector<std::pair<std::string, double>> components(const LayerEnergy &l) {
  return {{"sense", l.sense_pj},     {"ecc", l.ecc_pj},       {"popcount", l.popcount_pj},
          {"compare", l.compare_pj}, {"buffer", l.buffer_pj}, {"control", l.control_pj},
          {"leakage", l.leakage_pj}};
}

nlohmann::ordered_json toJson(const InferenceEnergy &energy) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const LayerEnergy &l : energy.layers)
    layers.push_back({{"name", l.name},
                      {"total_pj", l.total_pj()},
                      {"components_pj", componentsJson(l)},
                      {"events", eventsJson(l.events)}});
  return {{"energy_per_inference_pj", energy.energy_per_inference_pj},
          {"latency_per_inference_ns", energy.latency_per_inference_ns},
          {"cycles_per_inference", energy.total.events.cycles},
          {"technology", energy.technology},
          {"components_pj", componentsJson(energy.total)},
          {"events", eventsJson(energy.total.events)},
          {"layers", layers}};
}

} // namespace bnnc::energy
