// The JSON report of bnnc learn (see learn_report.h; keys in docs/cli.md).
#include "learn_report.h"

namespace bnnc::driver {

namespace {

using json = nlohmann::ordered_json;

const char *kindName(image::NetworkKind k) {
  return k == image::NetworkKind::Logistic ? "logistic" : "mlp";
}

const char *activationName(image::Activation a) {
  return a == image::Activation::Tanh ? "tanh" : a == image::Activation::Relu ? "relu" : "none";
}

json modelJson(const LearnReport &r) {
  const image::Network &n = r.result->posterior.network;
  return {{"name", n.name},
          {"kind", kindName(n.kind)},
          {"hidden", n.hidden},
          {"activation", activationName(n.activation)},
          {"parameters", n.parameters()},
          {"weight_range", r.spec->model.weight_range},
          {"theta_per_us", n.theta_per_us}};
}

json dataJson(const LearnReport &r) {
  const LearnData &d = *r.data;
  json split = nullptr;
  if (r.request->test_data.empty())
    split = {{"test_fraction", d.fraction}, {"seed", d.split_seed}};
  return {{"data", r.request->data},
          {"test_data", r.request->test_data.empty() ? json() : json(r.request->test_data)},
          {"split", split},
          {"training_samples", d.train.count},
          {"test_samples", d.test.count},
          {"features", d.train.features},
          {"classes", r.result->posterior.network.classes}};
}

json chainJson(const learn::ChainResult &c) {
  double rate = c.stats.steps ? double(c.stats.accepted) / double(c.stats.steps) : 0;
  return {{"steps", c.stats.steps},      {"accepted", c.stats.accepted},
          {"accept_rate", rate},         {"accepted_after_burn_in", c.stats.accepted_after_burn_in},
          {"stop", c.stats.stop},        {"models_kept", c.models.size()},
          {"jump_rms", c.stats.jump_rms}};
}

json testJson(const learn::LearnResult &r) {
  return {{"accuracy", r.test_score.accuracy},
          {"correct", r.test_score.correct},
          {"ece", r.test_score.ece},
          {"referred_accuracy", r.test_score.referred_accuracy},
          {"mean_predictive_entropy", r.test_score.mean_entropy},
          {"predictions", r.test_score.predictions},
          {"predictive_entropy", r.test.entropy},
          {"mutual_information", r.test.mutual_information}};
}

json eventsJson(const learn::Events &e) {
  return {{"set_pulses", e.set_pulses},
          {"reset_pulses", e.reset_pulses},
          {"device_reads", e.device_reads},
          {"row_reads", e.row_reads},
          {"macs", e.macs},
          {"luts", e.luts},
          {"buffer_bits", e.buffer_bits},
          {"rng_draws", e.rng_draws}};
}

json energyJson(const learn::LearnResult &r) {
  json parts = json::object();
  for (const auto &[name, pj] : learn::components(r.cost))
    parts[name] = pj;
  double models = double(r.posterior.models.size());
  return {{"learning_energy_pj", r.cost.total_pj()},
          {"learning_energy_per_model_pj", r.cost.total_pj() / models},
          {"learning_energy_per_component_pj", parts},
          {"learning_time_ns", r.cost.time_ns}};
}

json cpuJson(const learn::LearnResult &r, double watts) {
  if (!r.cpu)
    return nullptr;
  const learn::CpuReference &c = *r.cpu;
  return {{"steps", c.steps},           {"accepted", c.accepted},          {"step_sd", c.step_sd},
          {"time_s", c.seconds},        {"energy_j_estimate", c.energy_j}, {"watts_assumed", watts},
          {"test_accuracy", c.accuracy}};
}

} // namespace

json learnReportJson(const LearnReport &r) {
  const learn::LearnResult &res = *r.result;
  const learn::LearnSpec &s = *r.spec;
  const image::ArrayGeometry &a = res.posterior.array;
  json j = {{"posterior", r.request->output}, {"image_bytes", r.image_bytes}};
  j.update(dataJson(r));
  j["model"] = modelJson(r);
  j["device"] = s.device.name;
  j["condition"] = s.condition.name;
  j["cycles"] = s.env.cycles;
  // What the same devices would be worth as binary memory at this age (docs/device-model.md, 4).
  j["memory_ber_2t2r"] = device::analyticBitErrorRate(s.device, s.env);
  j["array"] = {{"rows", a.rows},
                {"cols", a.cols},
                {"rows_per_model", a.rows_per_model},
                {"models_max", a.groups()}};
  j["stuck_devices"] = res.chain.stuck_devices;
  j["retired_groups"] = res.chain.retired_groups;
  j["seed"] = s.chain.seed;
  j["burn_in"] = s.chain.burn_in;
  j["prior_sd"] = s.chain.prior_sd;
  j["chain"] = chainJson(res.chain);
  j["test"] = testJson(res);
  j["events"] = eventsJson(res.chain.events);
  j["wear"] = {{"max_cycles", res.chain.wear.max_cycles},
               {"mean_cycles", res.chain.wear.mean_cycles}};
  j.update(energyJson(res));
  j["constants"] = s.constants.name;
  j["cpu_reference"] = cpuJson(res, s.constants.cpu_core_w);
  return j;
}

} // namespace bnnc::driver
