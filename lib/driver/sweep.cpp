// bnnc sweep: runs a model over the points of a sweep description, or merges result files; then
// prints the Pareto fronts and writes the plots asked for.
#include "bnnc/driver/driver.h"
#include "bnnc/energy/energy.h"
#include "bnnc/support/format.h"
#include "sweep_merge.h"
#include "sweep_output.h"
#include "sweep_pareto.h"
#include "sweep_plots.h"
#include "sweep_progress.h"
#include "run_samples.h"
#include "sweep_run.h"

#include <cmath>
#include <ostream>
#include <set>

namespace bnnc::driver {

namespace {

using namespace dse;

// The first option given that only means something when running a model, or "".
std::string runOption(const SweepRequest &r) {
  const std::pair<bool, const char *> options[] = {{!r.data.empty(), "--data"},
                                                   {!r.labels.empty(), "--labels"},
                                                   {!r.description.empty(), "--sweep"},
                                                   {r.samples.has_value(), "--samples"},
                                                   {r.input_bits.has_value(), "--input-bits"},
                                                   {!r.input_range.empty(), "--input-range"},
                                                   {r.arch.has_value(), "--arch"},
                                                   {r.device.has_value(), "--device"},
                                                   {r.technology.has_value(), "--technology"},
                                                   {r.chips.has_value(), "--chips"},
                                                   {r.seed.has_value(), "--seed"},
                                                   {r.tiles.has_value(), "--tile"},
                                                   {r.conditions.has_value(), "--condition"},
                                                   {r.cycles.has_value(), "--cycles"},
                                                   {r.retention_s.has_value(), "--retention-time"},
                                                   {r.temperatures.has_value(), "--temperature"},
                                                   {r.bers.has_value(), "--ber"},
                                                   {!r.params.empty(), "--param"},
                                                   {r.resume, "--resume"},
                                                   {r.shard.has_value(), "--shard"}};
  for (const auto &[given, flag] : options)
    if (given)
      return flag;
  return "";
}

// Options that do not go together: exit code 2, before anything is read.
void checkUsage(const SweepRequest &r) {
  if (!r.merge.empty() && !r.model.empty())
    throw UsageError("--merge: error: cannot be combined with a model: it joins result files");
  if (r.merge.empty() && r.model.empty())
    throw UsageError("sweep: error: give a model to run, or --merge FILES to join results");
  if (!r.merge.empty()) {
    if (std::string flag = runOption(r); !flag.empty())
      throw UsageError(flag + ": error: does not apply to --merge");
    if (r.outputs.size() > 1)
      throw UsageError("-o: error: --merge writes one file, got " +
                       std::to_string(r.outputs.size()));
  } else {
    if (r.data.empty())
      throw UsageError("--data: error: is required to run a sweep");
    if (r.outputs.empty())
      throw UsageError("-o: error: is required to run a sweep (a .csv or .jsonl file)");
    if (!r.pareto.empty() && r.labels.empty())
      throw UsageError("--pareto: error: needs accuracies: give --labels");
  }
  if (r.max_loss && r.pareto.empty())
    throw UsageError("--max-loss: error: applies to a Pareto front: give --pareto");
}

// Option values that can be checked without reading a file: exit code 1.
void checkValues(const SweepRequest &r) {
  if (r.threads < 1)
    throw Error("--threads: error: must be at least 1, got " + std::to_string(r.threads));
  if (!(r.data_divisor > 0) || !std::isfinite(r.data_divisor))
    throw Error("--data-div: error: must be a positive number");
  if (r.max_loss && !(*r.max_loss >= 0 && *r.max_loss <= 100))
    throw Error("--max-loss: error: must be a number of accuracy points in [0, 100], got " +
                formatDouble(*r.max_loss));
  std::set<std::string> paths;
  for (const std::string &p : r.outputs) {
    formatOf(p, "-o");
    if (!paths.insert(p).second)
      throw Error("-o: error: " + p + " is given twice");
  }
  for (const std::string &cost : r.pareto)
    costColumn(cost);
}

// Points p < points with p mod count = index: index, index + count, ... (none when index >=
// points).
int64_t shardSize(int64_t points, const Shard &s) {
  return points > s.index ? (points - 1 - s.index) / s.count + 1 : 0;
}

// Checks every point of the sweep (so that every shard fails alike, before any output) and maps
// the architectures of this shard's points. Warns once per condition and device model that
// describes another condition.
void checkPoints(const Plan &plan, const Resolver &resolver, Images &images, const Shard &shard,
                 std::ostream &err) {
  std::set<std::pair<std::string, std::string>> warned;
  std::set<std::string> ber_conditions; // conditions of points that inject a BER
  for (int64_t i = 0; i < plan.size(); ++i) {
    Point p = plan.at(i);
    PointConfig c = resolver.resolve(p);
    if (c.ber)
      ber_conditions.insert(c.condition);
    if (shard.has(i))
      images.get(c, "sweep " + plan.label(p));
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

// How this sweep's rows start (point, points, parameter values), to write them and to recognise
// them in a file being resumed.
Layout layoutOf(const Plan &plan, const Resolver &resolver, const Shard &shard) {
  Layout layout;
  layout.keys = rowKeys(plan.columns());
  layout.points = plan.size();
  layout.head = [&plan, &resolver](int64_t index) {
    Point p = plan.at(index);
    PointConfig c = resolver.resolve(p);
    std::vector<json> values;
    for (const std::string &name : plan.columns())
      values.push_back(resolver.column(c, p, name));
    return rowHead(index, plan.size(), plan.columns(), values);
  };
  layout.mine = [shard](int64_t index) { return shard.has(index); };
  return layout;
}

// Runs the shard's points that the outputs do not hold yet, in point order; returns the results
// of the first output for the analysis.
Table runSweep(const SweepRequest &r, std::ostream &out, std::ostream &err) {
  // Everything that can fail on bad input comes before the outputs are opened.
  Spec spec = r.description.empty() ? Spec{} : loadSpec(r.description);
  addFlags(spec, r);
  energy::Technology technology =
      r.technology ? energy::loadTechnology(*r.technology) : energy::defaultTechnology();
  Shard shard = r.shard ? parseShard(*r.shard) : Shard{};
  Plan plan(std::move(spec));
  Images images(r, err);
  Resolver resolver(plan, images.defaults());
  checkPoints(plan, resolver, images, shard, err);
  Samples samples = loadSamples(r, images.program());
  InputRangeCount range{&images.program().input};
  range.add(samples.values.data(), int64_t(samples.values.size()));
  range.warn(r.data, err);
  Layout layout = layoutOf(plan, resolver, shard);
  Outputs outputs(r.outputs, layout, r.resume, err); // with --resume: the points already done
  int64_t total = shardSize(plan.size(), shard), done = outputs.doneCount();
  Progress progress(err, r.terminal, total, done);
  for (int64_t i = shard.index; i < plan.size(); i += shard.count) {
    if (outputs.done(i))
      continue;
    Point p = plan.at(i);
    PointConfig c = resolver.resolve(p);
    json row = layout.head(i); // point, points, parameters; then the results
    const image::ChipImage &image = images.get(c, "sweep " + plan.label(p));
    row.update(runPoint(image, images.ideal(c, samples, r.threads), c, samples, technology, r));
    outputs.write(i, row);
    progress.finished(plan.label(p), resultSummary(row));
  }
  outputs.close(); // sorts a file that a resume left out of point order
  progress.close();
  out << "sweep: " << total << " points" << (shard.count > 1 ? " in shard " + *r.shard : "") << " ("
      << total - done << " run, " << done << " already done) of " << plan.size() << "; results in";
  for (const std::string &o : r.outputs)
    out << " " << o;
  out << "\n";
  return tableOf(readResultFile(r.outputs[0]));
}

// --merge: joins the files, writes the -o file if given; the merged rows go to the analysis.
Table mergeSweeps(const SweepRequest &r, std::ostream &out, std::ostream &err) {
  ResultFile merged = mergeResults(r.merge, err);
  if (!r.outputs.empty())
    writeResults(merged, r.outputs[0]);
  out << "merge: " << merged.rows.size() << " points from " << r.merge.size() << " file(s)"
      << (r.outputs.empty() ? "" : " into " + r.outputs[0]) << "\n";
  return tableOf(merged);
}

// --pareto, --max-loss and --plots on the results.
void analyse(const SweepRequest &r, const Table &table, std::ostream &out) {
  std::vector<std::string> costs;
  for (const std::string &name : r.pareto) {
    costs.push_back(costColumn(name));
    out << "\n" << paretoText(table, costs.back(), r.max_loss);
  }
  if (r.plots.empty())
    return;
  if (costs.empty())
    costs = {"energy_per_inference_pj", "programming_energy_nj"};
  out << "\nplots:";
  for (const std::string &path : writePlots(table, costs, r.plots))
    out << " " << path;
  out << "\n";
}

} // namespace

void sweep(const SweepRequest &r, std::ostream &out, std::ostream &err) {
  checkUsage(r);
  checkValues(r);
  Table table = r.merge.empty() ? runSweep(r, out, err) : mergeSweeps(r, out, err);
  analyse(r, table, out);
}

} // namespace bnnc::driver
