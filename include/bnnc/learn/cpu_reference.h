// The same Metropolis-Hastings chain in floating point on this machine's CPU, timed: the
// comparison point for the energy of learning in the array (docs/learning.md, "The CPU
// reference"). Its energy is an estimate: time x the constants file's power of one core.
#pragma once

#include "bnnc/learn/chain.h"
#include "bnnc/learn/network.h"

#include <cstdint>

namespace bnnc::learn {

struct CpuReference {
  int64_t steps = 0, accepted = 0;
  double step_sd = 0;  // of the Gaussian proposal of every parameter
  double seconds = 0;  // wall time of the chain (one thread)
  double energy_j = 0; // seconds x watts: an estimate, not a measurement
  double accuracy = 0; // of its posterior (every state after burn-in) on `test`
};

// `settings.steps` proposals theta' = theta + step_sd x N(0, 1) from theta = 0, with the device
// chain's likelihood and prior, on one thread; the seed's own stream (kReferenceStream).
CpuReference runCpuReference(const image::Network &net, const Samples &train, const Samples &test,
                             const ChainSettings &settings, double step_sd, double watts);

} // namespace bnnc::learn
