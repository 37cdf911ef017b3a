// The planes engine: runs programs with multi-bit weights or activations (ir::Program::multiBit,
// docs/emulator.md, "Multi-bit layers"). Every weight row of the arrays (a neuron's plane i)
// is read once per position and input bit-plane, as the chip does; the periphery adds the rows'
// counts shifted by i and by the input plane b, and the offset e_c times the input's sum
// (ir/program.h). One sample at a time, word-level popcounts; read flips are drawn with the same
// skip sampler as the binary engine (noise.h) and applied as corrections of the counts.
#pragma once

#include "binding.h"
#include "planes_layer.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// The layers of a multi-bit program.
std::vector<PlanesLayer> planPlanes(const image::ChipImage &image);
// A virtual chip's layers: LayerWeights::bits holds the rows as PlanesLayer::ideal does.
std::vector<LayerBinding> bindPlanes(const Plan &plan, const device::VirtualChip &chip);
// One sample's input codes (a comparator bit or q per element) as 32-bit values.
void encodePlanesSample(const ir::InputStage &in, const float *x, int64_t n, uint64_t *out);
// 64-bit words of one encoded sample.
int64_t planesStride(int64_t in_size);
// Samples [first, first + n) of `inputs` on the planes engine: their outputs and predictions into
// `result` (sized by run()), their read flips counted in `tally` (one per layer).
void runPlanes(const Plan &plan, const EncodedInputs &inputs, const RunOptions &options,
               int64_t first, int64_t n, RunResult &result, std::vector<ReadTally> &tally);

} // namespace bnnc::emulator::detail
