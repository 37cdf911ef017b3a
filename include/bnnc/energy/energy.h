// The energy and latency model of inference on the chip: events counted in the mapped design
// times per-event energies from a technology file (data/technology.json, every constant with its
// source or derivation; schema in docs/energy.md).
#pragma once

#include "bnnc/image/image.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace bnnc::energy {

struct Technology {
  std::string name;
  double sense_read_fj = 0;         // one PCSA read of a 2T2R cell (XNOR included)
  double sense_read_1t1r_fj = 0;    // one read of a 1T1R cell against its reference
  double popcount_bit_fj = 0;       // one full-adder bit operation of the popcount/accumulator
  double compare_fj = 0;            // one threshold comparison
  double buffer_read_bit_fj = 0;    // activation buffer (SRAM) read, per bit
  double buffer_write_bit_fj = 0;   // activation buffer write, per bit
  double control_cycle_fj = 0;      // control and clock per cycle of an active tile
  double leakage_tile_cycle_fj = 0; // leakage of one tile per cycle, for every tile of the chip
  double logic_gate_fj = 0;         // one evaluation of a two-input gate, activity included
  double gate_delay_ps = 0;         // delay of one two-input gate level
  bool operator==(const Technology &) const = default;
};

// How the weight bits are read (docs/energy.md, "1T1R cells and error-correcting codes"): by a
// 2T2R pair or a single device against a reference, and through a decoder of words of
// `data_bits` cells with `check_bits` check cells, `decoder_gates` gates evaluated per word and
// `decoder_levels` gate levels deep (no code: data_bits 0).
struct ReadScheme {
  bool single_device = false;
  int64_t data_bits = 0, check_bits = 0;
  double decoder_gates = 0;
  int64_t decoder_levels = 0;
};

// A parallel decoder's size and depth (docs/energy.md derives both): SECDED over k data bits
// with an m-bit Hamming syndrome; BCH correcting t errors in GF(2^m).
struct DecoderCost {
  double gates = 0;
  int64_t levels = 0;
};
DecoderCost secdedDecoder(int64_t k, int64_t m);
DecoderCost bchDecoder(int64_t k, int64_t check_bits, int64_t t, int64_t m);

// Parses and validates a technology JSON text; `source` names the file in messages, which give a
// JSON pointer ("tech.json: /compare_fj/value: error: must be a non-negative number, got -1").
Technology parseTechnology(const std::string &text, const std::string &source);
Technology loadTechnology(const std::string &path);
Technology defaultTechnology(); // identical to data/technology.json

// Cycles a layer adds to the mapping's row-read cycles: the pipeline behind the last row read
// (popcount tree register, accumulate-and-compare, buffer write) drains before the next layer
// starts (docs/energy.md, "Latency").
constexpr int64_t kDrainCycles = 3;
// Width of one score of an affine (last) layer in the output buffer.
constexpr int64_t kScoreBits = 32;

// Events of one inference, from the program and its mapping (docs/energy.md derives each count).
struct Events {
  double sense_reads = 0, popcount_bits = 0, compares = 0;
  double check_reads = 0, decoded_words = 0; // error-correcting code: check cells, words
  double buffer_read_bits = 0, buffer_write_bits = 0;
  double active_tile_cycles = 0, cycles = 0;
  double pool_ops = 0; // one-bit OR/AND of a pooling window element, priced as a popcount bit
  bool operator==(const Events &) const = default;
};

struct LayerEnergy {
  std::string name;
  Events events;
  // pJ per component: "sense", "ecc", "popcount", "compare", "buffer", "control", "leakage".
  double sense_pj = 0, ecc_pj = 0, popcount_pj = 0, compare_pj = 0, buffer_pj = 0, control_pj = 0,
         leakage_pj = 0;
  double total_pj() const {
    return sense_pj + ecc_pj + popcount_pj + compare_pj + buffer_pj + control_pj + leakage_pj;
  }
};

struct InferenceEnergy {
  std::vector<LayerEnergy> layers;
  double energy_per_inference_pj = 0;
  double latency_per_inference_ns = 0; // cycles at the architecture's clock
  std::string technology;              // Technology::name
  LayerEnergy total;                   // named "total": events and components summed over layers
};

// Events of layer `index` (the input stage is counted with layer 0); `scheme` adds the check-cell
// reads and decoded words of a code, and the decoder's pipeline cycles (`decoder_cycles`).
Events layerEvents(const ir::Program &program, const mapping::Mapping &mapping, int index,
                   const ReadScheme &scheme = {}, int64_t decoder_cycles = 0);

InferenceEnergy inferenceEnergy(const image::ChipImage &image, const Technology &tech,
                                const ReadScheme &scheme = {});

// The seven components of a layer (or of the total) as (name, pJ), in the order listed above.
std::vector<std::pair<std::string, double>> components(const LayerEnergy &layer);

// JSON-ready report (docs/energy.md, "JSON"): energy_per_inference_pj, latency_per_inference_ns,
// cycles_per_inference, technology, components_pj, events, layers[].
nlohmann::ordered_json toJson(const InferenceEnergy &energy);

} // namespace bnnc::energy
