// Metropolis-Hastings in the array (docs/learning.md, "The chain"): after a fault test that retires
// the groups of rows with a faulty device, the proposal is a real
// re-programming of a group of devices toward the current model's conductances, so its randomness
// is the devices' cycle-to-cycle spread; the likelihood is computed from a read of the proposal;
// the periphery accepts or rejects; after burn-in every model the chain stays at is kept in its
// group of rows, and the next proposal goes to a free group, until the array is full.
#pragma once

#include "bnnc/image/posterior.h"
#include "bnnc/learn/array.h"
#include "bnnc/learn/network.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bnnc::learn {

struct ChainSettings {
  int64_t steps = 20000;  // proposals, burn-in included
  int64_t burn_in = 2000; // proposals before models are kept
  int64_t max_models = 0; // models to keep at most; 0: as many as the array holds
  double prior_sd = 1;    // of the Gaussian prior on every parameter
  uint64_t seed = 1;      // of the chip's devices and of every draw of the chain
  int threads = 1;        // for the likelihood; the result does not depend on it
  // Called now and then with (steps done, accepted, models kept).
  std::function<void(int64_t, int64_t, int64_t)> progress;
};

struct ChainStats {
  int64_t steps = 0, accepted = 0, accepted_after_burn_in = 0;
  std::string stop;    // why the chain stopped: "chain length", "array full" or "samples"
  double jump_rms = 0; // root mean square change of a parameter from current model to proposal
};

struct ChainResult {
  std::vector<image::StoredModel> models; // by increasing group
  ChainStats stats;
  Events events; // of the whole chain, the first programming included
  Wear wear;
  int64_t stuck_devices = 0;
  int64_t retired_groups = 0; // groups with a device that failed the fault test
};

ChainResult runChain(const image::Network &net, const Samples &train, LearningArray &array,
                     const ChainSettings &settings);

// The Metropolis acceptance test of the periphery: accept with probability
// min(1, p(proposal) / p(current)), i.e. when log u < log p(proposal) - log p(current) for u
// uniform in (0, 1]. The device proposal is treated as symmetric (docs/learning.md, "Why no
// Hastings correction").
bool metropolisAccept(double log_post_proposal, double log_post_current, double u);

// theta_p = theta_per_us x (G+ - G-): the parameters a group's conductances (2 per parameter)
// stand for.
std::vector<double> parametersOf(const image::Network &net,
                                 const std::vector<double> &conductance_us);
// The midpoint of the conductance range the periphery can aim at: where every pair starts
// (theta = 0).
double startConductanceUs(const SetLaw &law);

} // namespace bnnc::learn
