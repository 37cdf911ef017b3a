// The CPU reference chain (see cpu_reference.h).
#include "bnnc/learn/cpu_reference.h"
#include "bnnc/learn/array.h"
#include "bnnc/learn/evaluate.h"

#include <chrono>
#include <cmath>

namespace bnnc::learn {

namespace {

struct Sampled {
  std::vector<std::vector<double>> states;
  std::vector<double> weights;
};

// Random-walk Metropolis on theta; the states after burn-in, with the steps spent at each.
Sampled runChainOnCpu(const image::Network &net, const Samples &train, const ChainSettings &s,
                      double step_sd, int64_t &accepted) {
  Rng rng(streamKey(s.seed, {kReferenceStream}));
  std::vector<double> theta(size_t(net.parameters()), 0.0), proposal(theta.size());
  double log_post = logLikelihood(net, theta, train, 1) + logPrior(theta, s.prior_sd);
  Sampled out;
  bool fresh = true; // the current state is not stored yet
  for (int64_t t = 0; t < s.steps; ++t) {
    for (size_t p = 0; p < theta.size(); ++p)
      proposal[p] = theta[p] + step_sd * rng.normal();
    double lp = logLikelihood(net, proposal, train, 1) + logPrior(proposal, s.prior_sd);
    if (metropolisAccept(lp, log_post, rng.uniformOpen())) {
      theta.swap(proposal);
      log_post = lp;
      fresh = true;
      ++accepted;
    }
    if (t < s.burn_in)
      continue;
    if (fresh) {
      out.states.push_back(theta);
      out.weights.push_back(0);
      fresh = false;
    }
    out.weights.back() += 1;
  }
  return out;
}

} // namespace

CpuReference runCpuReference(const image::Network &net, const Samples &train, const Samples &test,
                             const ChainSettings &settings, double step_sd, double watts) {
  CpuReference r;
  r.steps = settings.steps;
  r.step_sd = step_sd;
  auto start = std::chrono::steady_clock::now();
  Sampled sampled = runChainOnCpu(net, train, settings, step_sd, r.accepted);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.energy_j = r.seconds * watts;
  if (sampled.states.empty() || test.labels.empty())
    return r;
  ThetaSource stored = [&](int64_t, size_t k, std::vector<double> &theta) {
    theta = sampled.states[k];
  };
  r.accuracy = score(predict(net, sampled.weights, stored, test, 1), test.labels).accuracy;
  return r;
}

} // namespace bnnc::learn
