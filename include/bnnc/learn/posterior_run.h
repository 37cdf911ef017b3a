// A posterior image evaluated: as stored (the ideal posterior: the conductances the chain read),
// or transferred to a chip (every model programmed into a fresh array with the device model, and
// every sample reading every model anew, with read noise), docs/learning.md, "Evaluating a
// posterior".
#pragma once

#include "bnnc/image/posterior.h"
#include "bnnc/learn/cost.h"
#include "bnnc/learn/evaluate.h"
#include "bnnc/learn/set_law.h"

#include <cstdint>
#include <vector>

namespace bnnc::learn {

// The models' weights (chain steps) and parameters, as stored.
std::vector<double> modelWeights(const image::PosteriorImage &post);

Predictive runIdeal(const image::PosteriorImage &post, const Samples &data, int threads);

struct ChipRun {
  Predictive predictive;
  Events programming; // writing the models into the chip
  int64_t stuck_devices = 0;
};
// Chip `chip_seed`: each model is programmed in its group with the streams
// {kProgramStream, group}, and sample i reads model k with {kEvalStream, i, group}.
ChipRun runOnChip(const image::PosteriorImage &post, const SetLaw &law, const Samples &data,
                  uint64_t chip_seed, int threads);

// Events of one inference on the chip: a read of every model's rows, its forward pass, and the
// average of the models' probabilities (a MAC per model and class).
Events inferenceEvents(const image::PosteriorImage &post);

} // namespace bnnc::learn
