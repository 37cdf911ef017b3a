// bnnc run on a posterior image (see run_posterior.h).
#include "run_posterior.h"
#include "bnnc/data/dataset.h"
#include "bnnc/device/device_model.h"
#include "bnnc/learn/constants.h"
#include "bnnc/learn/dataset.h"
#include "bnnc/learn/posterior_run.h"
#include "bnnc/support/random.h"
#include "outputs.h"

#include <ostream>

namespace bnnc::driver {

namespace {

void checkUsage(const RunRequest &r) {
  for (auto [given, flag] :
       {std::pair{r.ber.has_value(), "--ber"}, std::pair{r.technology.has_value(), "--technology"}})
    if (given)
      throw UsageError(std::string(flag) + ": error: applies to layer-program images; " + r.model +
                       " holds a learned posterior");
}

// The samples standardised as the periphery does, after --data-div (in float32, as bnnc run
// divides the samples of a layer program); labels checked against the classes.
learn::Samples samplesOf(const RunRequest &r, const image::Network &net) {
  learn::Labelled d = learn::loadForModel(r.data, r.labels, net.inputs);
  for (double &v : d.x)
    v = double(float(v) / float(r.data_divisor));
  const std::string &source = r.labels.empty() ? r.data : r.labels;
  for (size_t i = 0; i < d.labels.size(); ++i)
    if (d.labels[i] >= net.classes)
      throw Error(source + ": error: label " + std::to_string(i) + " is " +
                  std::to_string(d.labels[i]) + ", outside the posterior's " +
                  std::to_string(net.classes) + " classes");
  return learn::standardise(d, net);
}

PosteriorEval evaluation(learn::Predictive p, const learn::Samples &s) {
  PosteriorEval e;
  e.scores = learn::score(p, s.labels);
  e.predictive = std::move(p);
  return e;
}

device::DeviceModel deviceOf(const RunRequest &r, const image::PosteriorImage &post,
                             std::ostream &err) {
  device::DeviceModel m = device::loadDeviceModel(r.device.value_or(post.condition.name));
  if (m.condition != post.condition.name)
    err << r.model << ": warning: the posterior was learned under programming condition '"
        << post.condition.name << "' and device model '" << m.name << "' describes '" << m.condition
        << "'; the chips are programmed with the pulses of '" << post.condition.name << "'\n";
  return m;
}

void runChips(const RunRequest &r, const learn::Samples &samples, PosteriorRun &run,
              std::ostream &err) {
  const image::PosteriorImage &post = *run.posterior;
  device::DeviceModel model = deviceOf(r, post, err);
  run.device_name = model.name;
  run.env = device::Environment{r.cycles.value_or(0), r.retention_s.value_or(0),
                                r.temperature_k.value_or(300)};
  learn::SetLaw law(model, *run.env, post.condition, post.law);
  int chips = r.chips.value_or(1);
  for (int c = 0; c < chips; ++c) {
    if (r.progress && chips > 1)
      err << "\rchip " << c + 1 << "/" << chips << std::flush;
    learn::ChipRun chip =
        learn::runOnChip(post, law, samples, streamKey(run.seed, {uint64_t(c)}), r.threads);
    PosteriorEval e = evaluation(std::move(chip.predictive), samples);
    e.programming = learn::price(chip.programming, learn::defaultConstants(), post.condition);
    e.stuck_devices = chip.stuck_devices;
    run.chips.push_back(std::move(e));
  }
  if (r.progress && chips > 1)
    err << "\r" << std::string(32, ' ') << "\r" << std::flush;
}

} // namespace

void runPosterior(const RunRequest &r, const std::vector<uint8_t> &bytes, std::ostream &out,
                  std::ostream &err) {
  checkUsage(r);
  image::PosteriorImage post = image::readPosteriorImage(bytes, r.model);
  learn::Samples samples = samplesOf(r, post.network);
  PosteriorRun run;
  run.request = &r;
  run.posterior = &post;
  run.device_name = "ideal";
  run.seed = r.seed.value_or(1);
  run.labelled = !samples.labels.empty();
  run.ideal = evaluation(learn::runIdeal(post, samples, r.threads), samples);
  if (!r.ideal)
    runChips(r, samples, run, err);
  run.inference =
      learn::price(learn::inferenceEvents(post), learn::defaultConstants(), post.condition);
  const learn::Predictive &first = r.ideal ? run.ideal.predictive : run.chips[0].predictive;
  OutputSet files;
  files.add(r.outputs, [&](std::ostream &s) {
    std::vector<float> probs(first.probs.begin(), first.probs.end());
    data::writeNpyF32(s, probs, first.samples, first.classes);
  });
  files.add(r.json, [&](std::ostream &s) { s << posteriorRunJson(run).dump(2) << "\n"; });
  files.commit();
  out << posteriorRunText(run);
}

} // namespace bnnc::driver
