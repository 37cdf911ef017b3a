// learnPosterior: the chain run in a fresh array of the chip `seed`, its posterior stored as an
// image, and the held-out set evaluated on it (docs/learning.md).
#include "bnnc/learn/learn.h"
#include "bnnc/learn/posterior_run.h"
#include "bnnc/support/error.h"

#include <algorithm>

namespace bnnc::learn {

namespace {

int64_t largestLabel(const Labelled &d) {
  return d.labels.empty() ? -1 : *std::max_element(d.labels.begin(), d.labels.end());
}

} // namespace

int64_t classCount(const Labelled &train, const Labelled &test, const std::string &source) {
  int64_t top = std::max(largestLabel(train), largestLabel(test));
  if (top >= image::kMaxClasses)
    throw Error(source + ": error: label " + std::to_string(top) + " is beyond the " +
                std::to_string(image::kMaxClasses) + " classes bnnc learn supports");
  if (top < 1)
    throw Error(source + ": error: every label is " + std::to_string(std::max<int64_t>(top, 0)) +
                ": learning needs at least 2 classes");
  return top + 1;
}

image::ArrayGeometry arrayFor(int64_t rows, int64_t cols, int64_t parameters) {
  image::ArrayGeometry a;
  a.rows = rows;
  a.cols = cols;
  a.rows_per_model = (2 * parameters + cols - 1) / cols;
  return a;
}

image::Network networkOf(const LearnSpec &spec, const Labelled &train, int64_t classes) {
  SetLaw law(spec.device, spec.env, spec.condition, spec.constants.law);
  image::Network net = networkFor(spec.model, train.features, classes, law);
  fitStandardisation(train, net);
  return net;
}

LearnResult learnPosterior(const LearnSpec &spec, const Labelled &train, const Labelled &test,
                           int64_t classes) {
  LearnResult r;
  image::PosteriorImage &post = r.posterior;
  post.condition = spec.condition;
  post.device = spec.device.name;
  post.network = networkOf(spec, train, classes);
  post.law = spec.constants.law;
  post.array = arrayFor(spec.array_rows, spec.array_cols, post.network.parameters());
  SetLaw law(spec.device, spec.env, spec.condition, spec.constants.law);
  LearningArray array(law, post.array, 2 * post.network.parameters(), spec.chain.seed);
  Samples train_z = standardise(train, post.network), test_z = standardise(test, post.network);
  r.chain = runChain(post.network, train_z, array, spec.chain);
  post.models = r.chain.models;
  r.cost = price(r.chain.events, spec.constants, spec.condition);
  r.test = runIdeal(post, test_z, spec.chain.threads);
  r.test_score = score(r.test, test_z.labels);
  if (spec.cpu_reference) {
    ChainSettings same = spec.chain; // as many steps as the array's chain made
    same.steps = r.chain.stats.steps;
    r.cpu = runCpuReference(post.network, train_z, test_z, same, r.chain.stats.jump_rms,
                            spec.constants.cpu_core_w);
  }
  return r;
}

} // namespace bnnc::learn
