// A sweep's checks before it runs, and its points (see bnnc/sweep/sweep.h).
#include "bnnc/sweep/sweep.h"

#include "bnnc/device/programming_law.h"

#include "bnnc/support/error.h"
#include "bnnc/sweep/resolve.h"
#include "models.h"
#include "results.h"

#include <algorithm>
#include <ostream>
#include <set>
#include <sstream>

namespace bnnc::sweep {

namespace {

bool hasModel(const Settings &settings) {
  return std::any_of(settings.begin(), settings.end(),
                     [](const Setting &s) { return s.name == "model"; });
}

// Points p < points with p mod count = index: index, index + count, ... (none when index >=
// points).
int64_t shardSizeOf(int64_t points, const Shard &s) {
  return points > s.index ? (points - 1 - s.index) / s.count + 1 : 0;
}

} // namespace

bool setsModel(const Spec &spec) {
  if (hasModel(spec.base))
    return true;
  // Without one in the base, every grid point and every explicit point must set its own.
  bool grid = spec.grid.empty() || std::any_of(spec.grid.begin(), spec.grid.end(), [](auto &a) {
                return std::find(a.names.begin(), a.names.end(), "model") != a.names.end();
              });
  return grid && std::all_of(spec.points.begin(), spec.points.end(), hasModel) &&
         !(spec.grid.empty() && spec.points.empty());
}

namespace {

// The spec, unless some point would have no model.
Spec checkedSpec(Spec spec) {
  if (!setsModel(spec))
    throw Error("sweep: error: no model to run: set \"model\" in the base, or on a grid axis "
                "and in every explicit point");
  return spec;
}

} // namespace

struct Sweep::State {
  State(Job j, std::ostream &e)
      : job(std::move(j)), err(e), plan(checkedSpec(std::move(job.spec))), models(job.compile, err),
        resolver(plan, [this](const std::string &path) { return models.get(path).defaults(); }) {}

  Job job;
  std::ostream &err;
  Plan plan;
  Models models;
  Resolver resolver;
  Samples samples;
  Layout layout;

  void checkPoints();
  void makeLayout();
};

// Resolves every point and maps the architectures of this shard's points. Warns once per
// condition and device model that describes another condition.
void Sweep::State::checkPoints() {
  std::set<std::pair<std::string, std::string>> warned;
  std::set<std::string> ber_conditions; // conditions of points that inject a BER
  for (int64_t i = 0; i < plan.size(); ++i) {
    Point p = plan.at(i);
    PointConfig c = resolver.resolve(p);
    if (c.ber)
      ber_conditions.insert(c.condition);
    if (job.shard.has(i))
      models.get(c.model).image(c.arch, "sweep " + plan.label(p));
    if (!c.ber && c.device.condition != c.condition &&
        warned.emplace(c.condition, c.device.name).second)
      err << "sweep: warning: points with programming condition '" << c.condition
          << "' run device model '" << c.device.name << "', which is for programming condition '"
          << c.device.condition << "': their chips have its devices, their programming energy "
          << "and time are those of '" << c.condition << "'\n";
  }
  if (ber_conditions.size() > 1)
    err << "sweep: note: --ber replaces the device model, so points that differ only in their "
           "programming condition get the same accuracy; the conditions differ in cost only\n";
}

void Sweep::State::makeLayout() {
  layout.keys = rowKeys(plan.columns());
  layout.points = plan.size();
  layout.head = [this](int64_t index) {
    Point p = plan.at(index);
    PointConfig c = resolver.resolve(p);
    std::vector<json> values;
    for (const std::string &name : plan.columns())
      values.push_back(resolver.column(c, p, name));
    return rowHead(index, plan.size(), plan.columns(), values);
  };
  layout.mine = [shard = job.shard](int64_t index) { return shard.has(index); };
}

Sweep::Sweep(Job job, std::ostream &err) : state_(std::make_unique<State>(std::move(job), err)) {
  State &s = *state_;
  s.checkPoints();
  s.samples = loadSamples(s.job.data, s.job.samples, s.models.loaded());
  // Values outside a bit-serial input's range: one warning, for the first model that has them.
  for (const Model *m : s.models.loaded()) {
    evaluate::InputRangeCount range{&m->program().input};
    range.add(s.samples.values.data(), int64_t(s.samples.values.size()));
    std::ostringstream warning;
    range.warn(s.job.data.data, warning);
    if (!warning.str().empty()) {
      err << warning.str();
      break;
    }
  }
  s.makeLayout();
}

Sweep::~Sweep() = default;

const Plan &Sweep::plan() const { return state_->plan; }
const Shard &Sweep::shard() const { return state_->job.shard; }
int64_t Sweep::shardSize() const { return shardSizeOf(state_->plan.size(), state_->job.shard); }
const Layout &Sweep::layout() const { return state_->layout; }
std::string Sweep::label(int64_t point) const { return state_->plan.label(state_->plan.at(point)); }

json Sweep::run(int64_t index) {
  State &s = *state_;
  Point p = s.plan.at(index);
  PointConfig c = s.resolver.resolve(p);
  Model &model = s.models.get(c.model);
  std::shared_ptr<const image::ChipImage> chip = model.image(c.arch, "sweep " + s.plan.label(p));
  evaluate::Population population;
  population.ber = c.ber;
  if (!c.ber)
    population.device = c.device;
  // The image's own condition (a condition file's, as the image stores it), else a preset or a
  // condition file.
  population.condition = c.condition == chip->condition.name
                             ? chip->condition
                             : device::loadCondition(c.condition).condition;
  population.environment = c.env;
  population.fault_map = c.faults;
  population.chips = c.chips;
  population.seed = c.seed;
  population.threads = s.job.threads;
  population.technology = s.job.technology;
  evaluate::Result result = model.bench(c.arch, s.samples, s.job.threads).evaluate(population);
  json row = s.layout.head(index); // point, points, parameters; then the results
  row.update(resultsOf(result, *chip));
  return row;
}

void runInto(Sweep &sweep, Outputs &outputs, Progress &progress) {
  const Shard &shard = sweep.shard();
  for (int64_t i = shard.index; i < sweep.plan().size(); i += shard.count) {
    if (outputs.done(i))
      continue;
    json row = sweep.run(i);
    outputs.write(i, row);
    progress.finished(sweep.label(i), resultSummary(row));
  }
}

} // namespace bnnc::sweep
