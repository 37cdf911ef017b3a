// A posterior evaluated as stored or on a chip (see posterior_run.h).
#include "bnnc/learn/posterior_run.h"
#include "bnnc/learn/array.h"
#include "bnnc/learn/chain.h"

namespace bnnc::learn {

std::vector<double> modelWeights(const image::PosteriorImage &post) {
  std::vector<double> w;
  for (const image::StoredModel &m : post.models)
    w.push_back(double(m.weight));
  return w;
}

Predictive runIdeal(const image::PosteriorImage &post, const Samples &data, int threads) {
  std::vector<std::vector<double>> thetas;
  for (const image::StoredModel &m : post.models)
    thetas.push_back(parametersOf(post.network, m.conductance_us));
  ThetaSource stored = [&](int64_t, size_t k, std::vector<double> &theta) { theta = thetas[k]; };
  return predict(post.network, modelWeights(post), stored, data, threads);
}

ChipRun runOnChip(const image::PosteriorImage &post, const SetLaw &law, const Samples &data,
                  uint64_t chip_seed, int threads) {
  ChipRun out;
  int64_t devices = 2 * post.network.parameters();
  LearningArray array(law, post.array, devices, chip_seed);
  for (const image::StoredModel &m : post.models) {
    Rng rng(streamKey(chip_seed, {kProgramStream, uint64_t(m.group)}));
    array.program(m.group, m.conductance_us, rng, out.programming);
  }
  out.stuck_devices = array.stuckDevices();
  ThetaSource read = [&](int64_t i, size_t k, std::vector<double> &theta) {
    int64_t group = post.models[k].group;
    Rng rng(streamKey(chip_seed, {kEvalStream, uint64_t(i), uint64_t(group)}));
    std::vector<double> reads;
    Events ignored; // inferenceEvents counts the reads of an inference
    array.read(group, rng, reads, ignored);
    theta = parametersOf(post.network, reads);
  };
  out.predictive = predict(post.network, modelWeights(post), read, data, threads);
  return out;
}

Events inferenceEvents(const image::PosteriorImage &post) {
  Events e;
  int64_t models = int64_t(post.models.size());
  ForwardCost c = forwardCost(post.network);
  e.device_reads = models * 2 * post.network.parameters();
  e.row_reads = models * post.array.rows_per_model;
  e.macs = models * (c.macs + post.network.classes);
  e.luts = models * c.luts;
  e.buffer_bits = post.network.inputs * 8;
  return e;
}

} // namespace bnnc::learn
