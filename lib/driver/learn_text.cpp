// The human summary of bnnc learn (see learn_report.h).
#include "bnnc/support/format.h"
#include "learn_report.h"
#include "units.h"

namespace bnnc::driver {

namespace {

std::string modelLine(const LearnReport &r) {
  const image::PosteriorImage &p = r.result->posterior;
  const image::Network &n = p.network;
  std::string kind = n.kind == image::NetworkKind::Logistic
                         ? "logistic regression"
                         : "one hidden layer of " + std::to_string(n.hidden);
  return "model: '" + n.name + "', " + kind + " (" +
         countText(n.parameters(), "parameter", "parameters") + ", " +
         std::to_string(2 * n.parameters()) +
         " devices: " + countText(p.array.rows_per_model, "row", "rows") + " of the " +
         std::to_string(p.array.rows) + "x" + std::to_string(p.array.cols) + " array per model)\n";
}

std::string dataLine(const LearnReport &r) {
  const LearnData &d = *r.data;
  std::string held = r.request->test_data.empty()
                         ? "held out with split seed " + std::to_string(d.split_seed)
                         : "from " + r.request->test_data;
  return "data: " + r.request->data + ": " + std::to_string(d.train.count) + " training and " +
         std::to_string(d.test.count) + " held-out samples (" + held + "), " +
         countText(d.train.features, "feature", "features") + ", " +
         std::to_string(r.result->posterior.network.classes) + " classes\n";
}

std::string deviceLine(const LearnReport &r) {
  const learn::LearnSpec &s = *r.spec;
  const learn::ChainResult &c = r.result->chain;
  return "devices: '" + s.device.name + "' (condition '" + s.condition.name + "'), " +
         formatNumber(s.env.cycles) + " cycles old (as 2T2R memory a bit error rate of " +
         formatFixed("%.2g", device::analyticBitErrorRate(s.device, s.env)) + "), " +
         countText(c.stuck_devices, "stuck device", "stuck devices") + " in the array, " +
         countText(c.retired_groups, "group", "groups") +
         " of rows retired by the fault test; seed " + std::to_string(s.chain.seed) + "\n";
}

std::string chainLine(const LearnReport &r) {
  const learn::ChainResult &c = r.result->chain;
  double rate = c.stats.steps ? 100.0 * double(c.stats.accepted) / double(c.stats.steps) : 0;
  return "chain: " + std::to_string(c.stats.steps) + " steps (" +
         std::to_string(r.spec->chain.burn_in) + " of burn-in), " +
         std::to_string(c.stats.accepted) + " accepted (" + formatFixed("%.2f%%", rate) +
         "), stopped: " + c.stats.stop + "; " +
         countText(int64_t(c.models.size()), "model", "models") + " kept\n";
}

std::string testLine(const learn::LearnResult &r) {
  const learn::Scores &s = r.test_score;
  return "held-out accuracy: " + formatFixed("%.4f", s.accuracy) + " (" + std::to_string(s.correct) +
         "/" + std::to_string(r.test.samples) + "); ECE " + formatFixed("%.3f", s.ece) +
         "; mean predictive entropy " + formatFixed("%.3f", s.mean_entropy) + " nats; " +
         formatFixed("%.4f", s.referred_accuracy) + " after referring the " +
         formatFixed("%.0f%%", 100 * learn::kReferredFraction) + " most uncertain\n";
}

std::string writesLine(const learn::LearnResult &r) {
  const learn::Events &e = r.chain.events;
  return "device writes: " + std::to_string(e.set_pulses + e.reset_pulses) + " pulses (" +
         std::to_string(e.set_pulses) + " SET, " + std::to_string(e.reset_pulses) +
         " RESET); wear: at most " + std::to_string(r.chain.wear.max_cycles) +
         " cycles per device, " + formatFixed("%.4g", r.chain.wear.mean_cycles) + " on average\n";
}

std::string energyLine(const learn::LearnResult &r) {
  double total = r.cost.total_pj();
  std::string shares;
  for (const auto &[name, pj] : learn::components(r.cost))
    shares += (shares.empty() ? "" : ", ") + name +
              formatFixed(" %.0f%%", total > 0 ? 100 * pj / total : 0);
  return "learning energy: " + energyText(total) + " (" + shares + "), " +
         energyText(total / double(r.posterior.models.size())) + " per kept model; time " +
         durationText(r.cost.time_ns) + "\n";
}

std::string cpuLine(const LearnReport &r) {
  const learn::CpuReference &c = *r.result->cpu;
  return "cpu reference: the same chain (" + std::to_string(c.steps) + " steps) in " +
         durationText(c.seconds * 1e9) + " on one core of this machine, about " +
         energyText(c.energy_j * 1e12) + " at an assumed " +
         formatNumber(r.spec->constants.cpu_core_w) + " W (an estimate); held-out accuracy " +
         formatFixed("%.4f", c.accuracy) + "\n";
}

} // namespace

std::string learnReportText(const LearnReport &r) {
  std::string s = modelLine(r) + dataLine(r) + deviceLine(r) + chainLine(r) + testLine(*r.result) +
                  writesLine(*r.result) + energyLine(*r.result);
  if (r.result->cpu)
    s += cpuLine(r);
  return s + "posterior: " + r.request->output + " (" +
         countText(int64_t(r.result->posterior.models.size()), "model", "models") + ", " +
         std::to_string(r.image_bytes) + " bytes)\n";
}

} // namespace bnnc::driver
