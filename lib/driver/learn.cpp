// bnnc learn: the command line turned into a learn::LearnSpec, the data loaded and split, the
// chain run, the posterior image, the report and the held-out set written all or nothing.
#include "bnnc/driver/learn.h"
#include "bnnc/driver/driver.h"
#include "bnnc/image/posterior.h"
#include "bnnc/support/format.h"
#include "learn_report.h"
#include "outputs.h"
#include "units.h"

#include <cmath>
#include <cstdlib>
#include <ostream>

namespace bnnc::driver {

namespace {

// Options that do not go together: a given held-out set and the options of a seeded split.
void checkUsage(const LearnRequest &r) {
  const char *why = ": error: cannot be combined with --test-data (the held-out set is given)";
  if (!r.test_data.empty() && r.test_fraction)
    throw UsageError(std::string("--test-fraction") + why);
  if (!r.test_data.empty() && r.split_seed)
    throw UsageError(std::string("--split-seed") + why);
  if (r.test_data.empty() && !r.test_labels.empty())
    throw UsageError("--test-labels: error: needs --test-data");
}

// Option values: exit code 1 with the flag named.
void checkValues(const LearnRequest &r) {
  auto fail = [](const char *flag, const std::string &msg) {
    throw Error(std::string(flag) + ": error: " + msg);
  };
  if (r.threads < 1)
    fail("--threads", "must be at least 1, got " + std::to_string(r.threads));
  if (r.steps < 1)
    fail("--steps", "must be at least 1, got " + std::to_string(r.steps));
  if (r.burn_in < 0 || r.burn_in >= r.steps)
    fail("--burn-in", "must be in [0, " + std::to_string(r.steps - 1) + "] (below --steps), got " +
                          std::to_string(r.burn_in));
  if (r.samples && *r.samples < 1)
    fail("--samples", "must be at least 1, got " + std::to_string(*r.samples));
  if (!(r.prior_sd > 0) || !std::isfinite(r.prior_sd))
    fail("--prior-sd", "must be a positive number, got " + formatNumber(r.prior_sd));
  if (r.test_fraction && !(*r.test_fraction > 0 && *r.test_fraction < 1))
    fail("--test-fraction", "must be a number in (0, 1), got " + formatNumber(*r.test_fraction));
  device::Environment env;
  env.cycles = r.cycles;
  if (std::optional<device::EnvironmentProblem> p = device::checkEnvironment(env))
    fail("--cycles", p->message);
}

// "ROWSxCOLS", each an integer in [1, 2^24], at most 2^24 devices in all.
void parseArray(const std::string &text, int64_t &rows, int64_t &cols) {
  size_t x = text.find('x');
  char *end = nullptr;
  bool ok = x != std::string::npos && x > 0 && x + 1 < text.size() && text[0] != '-' &&
            text[x + 1] != '-';
  if (ok) {
    rows = std::strtoll(text.c_str(), &end, 10);
    ok = end == text.c_str() + x;
    cols = std::strtoll(text.c_str() + x + 1, &end, 10);
    ok = ok && *end == '\0';
  }
  const int64_t max = image::kMaxArrayDevices;
  if (!ok || rows < 1 || cols < 1 || rows > max || cols > max)
    throw Error("--array: error: must be ROWSxCOLS, two integers in [1, 16777216], got '" + text +
                "'");
  if (rows * cols > max)
    throw Error("--array: error: " + text + " is " + std::to_string(rows * cols) +
                " devices, more than the limit of " + std::to_string(max));
}

LearnData loadData(const LearnRequest &r) {
  LearnData d;
  learn::Labelled all = learn::loadLabelled(r.data, r.labels);
  if (!r.test_data.empty()) {
    d.train = std::move(all);
    d.test = learn::loadLabelled(r.test_data, r.test_labels);
    if (d.test.features != d.train.features)
      throw Error(r.test_data + ": error: " + std::to_string(d.test.features) +
                  " features per sample, the training data " + r.data + " has " +
                  std::to_string(d.train.features));
    return d;
  }
  d.fraction = r.test_fraction.value_or(0.2);
  d.split_seed = r.split_seed.value_or(1);
  int64_t held = std::llround(d.fraction * double(all.count));
  if (held < 1 || held >= all.count)
    throw Error("--test-fraction: error: " + formatNumber(d.fraction) + " of " +
                std::to_string(all.count) + " samples " +
                (held < 1 ? "holds out no sample" : "leaves no sample to learn from"));
  learn::Split split = learn::splitLabelled(all, d.fraction, d.split_seed);
  d.train = std::move(split.train);
  d.test = std::move(split.test);
  return d;
}

// The device model's programming condition, or 'typical' (with a warning) when it names none.
image::Condition conditionOf(const device::DeviceModel &m, std::ostream &err) {
  if (!m.condition.empty())
    return image::conditionByName(m.condition);
  err << m.name << ": warning: the device model names no programming condition; learning uses "
      << "'typical' (its compliance current and pulse energies)\n";
  return image::conditionByName("typical");
}

learn::LearnSpec specOf(const LearnRequest &r, std::ostream &err) {
  learn::LearnSpec s;
  s.model = learn::loadModelSpec(r.model);
  s.device = device::loadDeviceModel(r.device);
  s.env.cycles = r.cycles;
  s.condition = conditionOf(s.device, err);
  s.constants = r.constants.empty() ? learn::defaultConstants() : learn::loadConstants(r.constants);
  parseArray(r.array, s.array_rows, s.array_cols);
  s.chain = {r.steps, r.burn_in, r.samples.value_or(0), r.prior_sd, r.seed, r.threads, {}};
  s.cpu_reference = r.cpu_reference;
  return s;
}

// The network must fit an image, and the array two groups of rows: the current model's and a
// proposal's.
void checkArray(const learn::LearnSpec &s, int64_t parameters) {
  if (parameters > image::kMaxParameters)
    throw Error("--model: error: the network has " + std::to_string(parameters) +
                " parameters for this data, more than the limit of " +
                std::to_string(image::kMaxParameters));
  image::ArrayGeometry a = learn::arrayFor(s.array_rows, s.array_cols, parameters);
  if (a.groups() >= 2)
    return;
  throw Error("--array: error: a model of " + std::to_string(2 * parameters) + " devices takes " +
              countText(a.rows_per_model, "row", "rows") + " of " + std::to_string(a.cols) +
              " devices; the array's " + countText(a.rows, "row", "rows") +
              (a.rows == 1 ? " holds " : " hold ") + countText(a.groups(), "model", "models") +
              ", the chain needs 2 (the current model and a proposal)");
}

// Progress on a terminal: the chain's step, what it accepted and what it kept.
std::function<void(int64_t, int64_t, int64_t)> progressTo(std::ostream &err, int64_t steps) {
  return [&err, steps](int64_t done, int64_t accepted, int64_t kept) {
    err << "\rstep " << done << "/" << steps << ": " << accepted << " accepted, " << kept
        << " models kept" << std::flush;
  };
}

} // namespace

void learn(const LearnRequest &r, std::ostream &out, std::ostream &err) {
  checkUsage(r);
  checkValues(r);
  learn::LearnSpec spec = specOf(r, err);
  LearnData data = loadData(r);
  int64_t classes = learn::classCount(data.train, data.test, r.data);
  checkArray(spec, learn::networkOf(spec, data.train, classes).parameters());
  if (r.progress)
    spec.chain.progress = progressTo(err, r.steps);
  learn::LearnResult result = learn::learnPosterior(spec, data.train, data.test, classes);
  if (r.progress)
    err << "\r" << std::string(60, ' ') << "\r" << std::flush;
  std::vector<uint8_t> image = image::writePosteriorImage(result.posterior);
  LearnReport report{&r, &spec, &data, &result, image.size()};
  OutputSet files;
  files.add(r.output, [&](std::ostream &s) {
    s.write(reinterpret_cast<const char *>(image.data()), std::streamsize(image.size()));
  });
  files.add(r.json, [&](std::ostream &s) { s << learnReportJson(report).dump(2) << "\n"; });
  files.add(r.write_test, [&](std::ostream &s) { learn::writeCsv(s, data.test); });
  files.commit();
  out << learnReportText(report);
}

} // namespace bnnc::driver
