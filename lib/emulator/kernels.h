// The packed kernels of the chip: gathering one output position's receptive field into words
// laid out like the tiles' columns, and the per-neuron pre-activations read tile by tile, from
// the tiles' words as they are (the ideal chip) or with a virtual chip's read flips.
#pragma once

#include "plan.h"
#include "read_noise.h"

namespace bnnc::emulator::detail {

// Gathers the bits of position `pos`'s receptive field from the packed activations `act` (bit i
// of word i / 64 is activation i) into `x` (p.stride words); padded elements stay 0.
void gatherBits(const LayerPlan &p, int64_t pos, const uint64_t *act, uint64_t *x);

// Gathers the bit-planes of the quantized inputs `q`: plane b (p.stride words from b * p.stride)
// holds bit b of each gathered q; padded elements stay 0.
void gatherPlanes(const LayerPlan &p, int64_t pos, const uint32_t *q, int bits, uint64_t *planes);

// The read noise state of one sample on a virtual chip: its random stream, a row of scratch
// words (p.wpr), the tally of the layer being read and the held cells flipped for this run (by
// chip-wide index).
struct NoisyReads {
  Rng *rng = nullptr;
  uint64_t *scratch = nullptr;
  ReadTally *tally = nullptr;
  const uint8_t *held_on = nullptr;
};

// Binary input: pre[n] = Keff - 2 * popcount((x XOR w_n) AND mask), the popcount summed over the
// neuron's column blocks, each read from its tile's row. `count` is scratch (p.cout). The Noisy
// version reads rows of tiles with read noise through readRow (one read per row).
void binaryPre(const LayerPlan &p, int64_t pos, const uint64_t *x, int64_t *count, double *pre);
void binaryPreNoisy(const LayerPlan &p, int64_t pos, const uint64_t *x, int64_t *count, double *pre,
                    NoisyReads &reads);

// Bit-serial input: pre[n] = lo * A + step * S (see the derivation in kernels.cpp). `acc` is
// scratch (2 * p.cout). The Noisy version reads a row with risky cells once per bit-plane, each
// read with its own flips; A comes from the first plane's read.
void bitSerialPre(const LayerPlan &p, int64_t pos, const uint64_t *planes, int bits, double lo,
                  double step, int64_t *acc, double *pre);
void bitSerialPreNoisy(const LayerPlan &p, int64_t pos, const uint64_t *planes, int bits, double lo,
                       double step, int64_t *acc, double *pre, NoisyReads &reads);

} // namespace bnnc::emulator::detail
