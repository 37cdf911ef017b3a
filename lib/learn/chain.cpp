// The Metropolis-Hastings chain in the array (see chain.h; docs/learning.md, "The chain").
#include "bnnc/learn/chain.h"

#include "bnnc/support/error.h"

#include <algorithm>
#include <cmath>

namespace bnnc::learn {

std::vector<double> parametersOf(const image::Network &net,
                                 const std::vector<double> &conductance_us) {
  std::vector<double> theta(size_t(net.parameters()));
  for (size_t p = 0; p < theta.size(); ++p)
    theta[p] = net.theta_per_us * (conductance_us[2 * p] - conductance_us[2 * p + 1]);
  return theta;
}

bool metropolisAccept(double log_post_proposal, double log_post_current, double u) {
  return std::log(u) < log_post_proposal - log_post_current;
}

double startConductanceUs(const SetLaw &law) {
  const image::ProgrammingLaw &l = law.law();
  return (law.nominalUs(l.set_current_min_ua) + law.nominalUs(l.set_current_max_ua)) / 2;
}

namespace {

class Chain {
public:
  Chain(const image::Network &net, const Samples &train, LearningArray &array,
        const ChainSettings &s)
      : net_(net), train_(train), array_(array), s_(s),
        taken_(size_t(array.geometry().groups()), false) {}

  ChainResult run(const SetLaw &law) {
    testArray(law);
    start(law);
    out_.stats.stop = "chain length";
    for (int64_t t = 0; t < s_.steps; ++t) {
      int64_t group = freeGroup();
      if (group < 0) {
        out_.stats.stop = "array full";
        break;
      }
      step(uint64_t(t), group);
      out_.stats.steps = t + 1;
      if (t >= s_.burn_in)
        keepCurrent();
      if (s_.progress && (t + 1) % 500 == 0)
        s_.progress(t + 1, out_.stats.accepted, int64_t(out_.models.size()));
      if (s_.max_models > 0 && int64_t(out_.models.size()) >= s_.max_models) {
        out_.stats.stop = "samples";
        break;
      }
    }
    finish();
    return std::move(out_);
  }

private:
  // The fault test retires the groups with a faulty device: they count as taken. The chain needs
  // two groups, the current model's and a proposal's.
  void testArray(const SetLaw &law) {
    std::vector<bool> usable = array_.faultTest(s_.seed, out_.events);
    for (size_t g = 0; g < usable.size(); ++g)
      taken_[g] = !usable[g];
    out_.retired_groups = std::count(usable.begin(), usable.end(), false);
    int64_t left = int64_t(usable.size()) - out_.retired_groups;
    if (left < 2)
      throw Error(law.model().name + ": error: " + std::to_string(left) + " of the array's " +
                  std::to_string(usable.size()) + " groups of rows passed the fault test (" +
                  std::to_string(array_.stuckDevices()) + " stuck devices, seed " +
                  std::to_string(s_.seed) + "); the chain needs 2");
  }

  // Every pair starts at the same conductance (theta = 0), in the first usable group.
  void start(const SetLaw &law) {
    group_ = freeGroup();
    std::vector<double> targets(size_t(2 * net_.parameters()), startConductanceUs(law));
    Rng prog(streamKey(s_.seed, {kProgramStream, kInitialStep}));
    array_.program(group_, targets, prog, out_.events);
    Rng rd(streamKey(s_.seed, {kReadStream, kInitialStep}));
    array_.read(group_, rd, reads_, out_.events);
    theta_ = parametersOf(net_, reads_);
    log_post_ = logPosterior(theta_);
  }

  // The next group after the last proposal's, in turn, that is neither taken (retired, or
  // holding a kept model) nor the current model's; -1 when none is left. Taking the groups in
  // turn keeps a row whose devices' offsets bias every proposal from trapping the chain.
  int64_t freeGroup() {
    int64_t n = int64_t(taken_.size());
    for (int64_t k = 1; k <= n; ++k) {
      int64_t g = (last_ + k) % n;
      if (!taken_[size_t(g)] && g != group_)
        return last_ = g;
    }
    return -1;
  }

  double logPosterior(const std::vector<double> &theta) {
    // Per training sample one forward pass and its likelihood, from the features in the buffer;
    // the prior's sum of squares is a MAC per parameter.
    ForwardCost c = forwardCost(net_);
    out_.events.macs += train_.count * c.macs + net_.parameters();
    out_.events.luts += train_.count * c.luts;
    out_.events.buffer_bits += train_.count * train_.features * 8;
    return logLikelihood(net_, theta, train_, s_.threads) + logPrior(theta, s_.prior_sd);
  }

  // Propose in `group` (program toward the current reads, read back), then accept or reject.
  void step(uint64_t t, int64_t group) {
    Rng prog(streamKey(s_.seed, {kProgramStream, t}));
    array_.program(group, reads_, prog, out_.events);
    std::vector<double> reads;
    Rng rd(streamKey(s_.seed, {kReadStream, t}));
    array_.read(group, rd, reads, out_.events);
    std::vector<double> theta = parametersOf(net_, reads);
    for (size_t p = 0; p < theta.size(); ++p)
      jump_sq_ += (theta[p] - theta_[p]) * (theta[p] - theta_[p]);
    double log_post = logPosterior(theta);
    double u = Rng(streamKey(s_.seed, {kAcceptStream, t})).uniformOpen();
    out_.events.rng_draws += 1;
    out_.events.luts += 1; // log u
    if (metropolisAccept(log_post, log_post_, u)) {
      group_ = group;
      reads_ = std::move(reads);
      theta_ = std::move(theta);
      log_post_ = log_post;
      current_ = -1;
      ++out_.stats.accepted;
      out_.stats.accepted_after_burn_in += int64_t(t) >= s_.burn_in;
    }
  }

  // After burn-in, the chain's state after each step is a sample: a new model is kept in its
  // group, a model the chain stays at gains weight.
  void keepCurrent() {
    if (current_ >= 0) {
      ++out_.models[size_t(current_)].weight;
      return;
    }
    current_ = int64_t(out_.models.size());
    out_.models.push_back({group_, 1, reads_});
    taken_[size_t(group_)] = true;
  }

  void finish() {
    std::sort(
        out_.models.begin(), out_.models.end(),
        [](const image::StoredModel &a, const image::StoredModel &b) { return a.group < b.group; });
    double jumps = double(out_.stats.steps) * double(net_.parameters());
    out_.stats.jump_rms = jumps > 0 ? std::sqrt(jump_sq_ / jumps) : 0;
    out_.wear = array_.wear();
    out_.stuck_devices = array_.stuckDevices();
  }

  const image::Network &net_;
  const Samples &train_;
  LearningArray &array_;
  const ChainSettings &s_;
  std::vector<bool> taken_; // per group: retired by the fault test, or holding a kept model
  int64_t group_ = -1;      // the current model's group
  int64_t last_ = -1;       // the group of the last proposal
  int64_t current_ = -1;    // its index in out_.models once kept
  std::vector<double> reads_, theta_;
  double log_post_ = 0, jump_sq_ = 0;
  ChainResult out_;
};

} // namespace

ChainResult runChain(const image::Network &net, const Samples &train, LearningArray &array,
                     const ChainSettings &settings) {
  return Chain(net, train, array, settings).run(array.law());
}

} // namespace bnnc::learn
