// The report of bnnc run on a posterior image: JSON (keys in docs/cli.md) and the summary.
#include "bnnc/driver/statistics.h"
#include "bnnc/support/format.h"
#include "run_posterior.h"
#include "units.h"

namespace bnnc::driver {

namespace {

using json = nlohmann::ordered_json;

// The chips' evaluations, or the ideal posterior's alone with --ideal.
const std::vector<PosteriorEval> &evaluations(const PosteriorRun &run,
                                              std::vector<PosteriorEval> &ideal_only) {
  if (!run.chips.empty())
    return run.chips;
  ideal_only = {run.ideal};
  return ideal_only;
}

struct Summary {
  std::vector<double> accuracy, ece;
  double mean_accuracy = 0, mean_ece = 0, referred = 0, entropy = 0;
  Interval ci95;
  std::string ci95_method;
  double programming_pj = 0, programming_ns = 0, stuck = 0;
  int64_t pulses = 0;
};

// Means over the evaluations; the accuracy's interval as bnnc run gives it (Student's t over
// chips, or Wilson over the samples of a single one).
Summary summarize(const PosteriorRun &run, const std::vector<PosteriorEval> &evals) {
  Summary s;
  double n = double(evals.size());
  for (const PosteriorEval &e : evals) {
    s.accuracy.push_back(e.scores.accuracy);
    s.ece.push_back(e.scores.ece);
    s.mean_accuracy += e.scores.accuracy / n;
    s.mean_ece += e.scores.ece / n;
    s.referred += e.scores.referred_accuracy / n;
    s.entropy += e.scores.mean_entropy / n;
    s.programming_pj += e.programming.total_pj() / n;
    s.programming_ns += e.programming.time_ns / n;
    s.stuck += double(e.stuck_devices) / n;
  }
  const learn::Predictive &p = evals[0].predictive;
  if (run.labelled && evals.size() >= 2) {
    s.ci95 = studentInterval95(s.accuracy);
    s.ci95_method = "student-t over chips";
  } else if (run.labelled) {
    s.ci95 = wilsonInterval95(evals[0].scores.correct, p.samples);
    s.ci95_method = "wilson over samples";
  }
  s.pulses = run.chips.empty()
                 ? 0
                 : 4 * int64_t(run.posterior->models.size()) * run.posterior->network.parameters();
  return s;
}

json environmentJson(const PosteriorRun &run) {
  if (!run.env)
    return nullptr;
  return {{"cycles", run.env->cycles},
          {"retention_time_s", run.env->retention_s},
          {"temperature_k", run.env->temperature_k}};
}

void addScores(json &j, const PosteriorRun &run, const Summary &s) {
  const char *keys[] = {"accuracy",          "accuracy_ci95",  "accuracy_ci95_method",
                        "accuracy_per_chip", "ideal_accuracy", "ece",
                        "ece_per_chip",      "ideal_ece",      "referred_accuracy"};
  if (!run.labelled) {
    for (const char *k : keys)
      j[k] = nullptr;
    return;
  }
  j["accuracy"] = s.mean_accuracy;
  j["accuracy_ci95"] = {s.ci95.lo, s.ci95.hi};
  j["accuracy_ci95_method"] = s.ci95_method;
  j["accuracy_per_chip"] = s.accuracy;
  j["ideal_accuracy"] = run.ideal.scores.accuracy;
  j["ece"] = s.mean_ece;
  j["ece_per_chip"] = s.ece;
  j["ideal_ece"] = run.ideal.scores.ece;
  j["referred_accuracy"] = s.referred;
}

json componentsJson(const learn::Cost &c) {
  json parts = json::object();
  for (const auto &[name, pj] : learn::components(c))
    parts[name] = pj;
  return parts;
}

} // namespace

json posteriorRunJson(const PosteriorRun &run) {
  std::vector<PosteriorEval> ideal_only;
  const std::vector<PosteriorEval> &evals = evaluations(run, ideal_only);
  Summary s = summarize(run, evals);
  const image::PosteriorImage &post = *run.posterior;
  json j;
  j["model"] = run.request->model;
  j["data"] = run.request->data;
  j["engine"] = run.chips.empty() ? "ideal-posterior" : "virtual-array";
  j["device"] = run.device_name;
  j["environment"] = environmentJson(run);
  j["seed"] = run.seed;
  j["chips"] = evals.size();
  j["samples"] = evals[0].predictive.samples;
  j["classes"] = post.network.classes;
  j["models"] = post.models.size();
  addScores(j, run, s);
  j["mean_predictive_entropy"] = s.entropy;
  j["predictions"] = evals[0].scores.predictions;
  j["predictive_entropy"] = evals[0].predictive.entropy;
  j["mutual_information"] = evals[0].predictive.mutual_information;
  j["stuck_devices_per_chip"] = s.stuck;
  j["energy_per_inference_pj"] = run.inference.total_pj();
  j["energy_per_component_pj"] = componentsJson(run.inference);
  j["latency_per_inference_ns"] = run.inference.time_ns;
  j["programming_condition"] = post.condition.name;
  j["programming_energy_nj"] = s.programming_pj / 1000;
  j["programming_time_us"] = s.programming_ns / 1000;
  j["programming_pulses"] = s.pulses;
  return j;
}

std::string posteriorRunText(const PosteriorRun &run) {
  std::vector<PosteriorEval> ideal_only;
  const std::vector<PosteriorEval> &evals = evaluations(run, ideal_only);
  Summary s = summarize(run, evals);
  const image::PosteriorImage &post = *run.posterior;
  std::string text = "model: " + run.request->model + " (posterior of " +
                     std::to_string(post.models.size()) + " models of '" + post.network.name +
                     "'; " + std::to_string(evals[0].predictive.samples) + " samples)\n";
  if (run.chips.empty())
    text += "chip: the ideal posterior (every model as the chain read it)\n";
  else
    text += "chips: " + std::to_string(run.chips.size()) + " arrays of device '" + run.device_name +
            "' (seed " + std::to_string(run.seed) + "; " + formatNumber(run.env->cycles) +
            " cycles, " + formatNumber(run.env->retention_s) + " s after programming, " +
            formatNumber(run.env->temperature_k) + " K; " + formatFixed("%.4g", s.stuck) +
            " stuck devices per array)\n";
  if (run.labelled) {
    const learn::Scores &ideal = run.ideal.scores;
    text += "accuracy: " + formatFixed("%.4f", s.mean_accuracy) + " (95% interval " +
            formatFixed("%.4f", s.ci95.lo) + " to " + formatFixed("%.4f", s.ci95.hi) + ", " +
            s.ci95_method + ")\n";
    if (!run.chips.empty())
      text += "ideal posterior accuracy: " + formatFixed("%.4f", ideal.accuracy) + " (" +
              std::to_string(ideal.correct) + "/" + std::to_string(run.ideal.predictive.samples) +
              ")\n";
    text += "calibration: ECE " + formatFixed("%.3f", s.mean_ece) + "; accuracy " +
            formatFixed("%.4f", s.referred) + " after referring the " +
            formatFixed("%.0f%%", 100 * learn::kReferredFraction) + " most uncertain samples\n";
  }
  text += "uncertainty: mean predictive entropy " + formatFixed("%.3f", s.entropy) + " nats\n";
  text += "energy per inference: " + energyText(run.inference.total_pj()) + "; latency " +
          durationText(run.inference.time_ns) + "\n";
  if (!run.chips.empty())
    text += "programming (condition '" + post.condition.name +
            "'): " + energyText(s.programming_pj) + ", " + durationText(s.programming_ns) + ", " +
            std::to_string(s.pulses) + " pulses\n";
  return text;
}

} // namespace bnnc::driver
