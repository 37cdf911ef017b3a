// Monte-Carlo measurements of the bit error rate, to check analyticBitErrorRate and to report
// what a programmed chip will do. docs/device-model.md ("Measuring the BER") explains them.
#pragma once

#include "bnnc/device/device_model.h"
#include "bnnc/device/virtual_chip.h"

#include <cstdint>

namespace bnnc::device {

struct BerEstimate {
  double ber = 0;
  double std_error = 0; // standard error of `ber`
  int64_t samples = 0;
};

// The quantity of analyticBitErrorRate (no faults, no programming failures, no verify), measured
// by sampling cells through the same device physics as programChip: `samples` cells, half of
// them storing 1, with their devices' d2d and c2c draws and the column offset importance-sampled
// around the most likely failure point, and the read noise integrated exactly (the conditional
// error probability given the sampled resistances). Feasible at a BER of 1e-9 with 1e4 samples.
BerEstimate estimateBitErrorRate(const DeviceModel &model, const Environment &env, int64_t samples,
                                 uint64_t seed);

// The read error rate of one programmed chip: the mean over its used cells of the probability
// that a read returns the wrong bit (1 - p for a cell whose static decision is wrong, p for one
// that is right, p its flip probability). Faults, failures and verify are included. The standard
// error treats the cells as independent (the column offsets make neighbours slightly correlated).
BerEstimate chipReadErrorRate(const image::ChipImage &image, const VirtualChip &chip);

} // namespace bnnc::device
