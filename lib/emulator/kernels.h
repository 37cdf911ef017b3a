// The packed kernels of the ideal chip: gathering one output position's receptive field into
// words laid out like the tiles' columns, and the per-neuron pre-activations read tile by tile.
#pragma once

#include "plan.h"

namespace bnnc::emulator::detail {

// Gathers the bits of position `pos`'s receptive field from the packed activations `act` (bit i
// of word i / 64 is activation i) into `x` (p.stride words); padded elements stay 0.
void gatherBits(const LayerPlan &p, int64_t pos, const uint64_t *act, uint64_t *x);

// Gathers the bit-planes of the quantized inputs `q`: plane b (p.stride words from b * p.stride)
// holds bit b of each gathered q; padded elements stay 0.
void gatherPlanes(const LayerPlan &p, int64_t pos, const uint32_t *q, int bits, uint64_t *planes);

// Binary input: pre[n] = Keff - 2 * popcount((x XOR w_n) AND mask), the popcount summed over the
// neuron's column blocks, each read from its tile's cell row. `count` is scratch (p.cout).
void binaryPre(const LayerPlan &p, int64_t pos, const uint64_t *x, int64_t *count, double *pre);

// Bit-serial input: pre[n] = lo * A + step * S (see the derivation in kernels.cpp). `acc` is
// scratch (2 * p.cout).
void bitSerialPre(const LayerPlan &p, int64_t pos, const uint64_t *planes, int bits, double lo,
                  double step, int64_t *acc, double *pre);

} // namespace bnnc::emulator::detail
