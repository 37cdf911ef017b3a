// bnnc sweep: runs models over the points of a sweep description, or merges result files; then
// prints the Pareto fronts and writes the plots asked for.
#include "bnnc/sweep/sweep.h"
#include "bnnc/driver/sweep_flags.h"
#include "bnnc/evaluate/evaluate.h"
#include "bnnc/support/format.h"
#include "bnnc/sweep/merge.h"
#include "bnnc/sweep/pareto.h"
#include "bnnc/sweep/plots.h"
#include "options.h"

#include <ostream>
#include <set>

namespace bnnc::driver {

namespace {

// The first option given that only means something when running a model, or "".
std::string runOption(const SweepRequest &r) {
  const std::pair<bool, const char *> options[] = {{r.models.has_value(), "--model"},
                                                   {!r.data.empty(), "--data"},
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
  if (r.merge.empty() && r.model.empty() && !r.models && r.description.empty())
    throw UsageError("sweep: error: give a model to run, or --merge FILES to join results");
  if (!r.model.empty() && r.models)
    throw UsageError("--model: error: cannot be combined with a MODEL argument: it sweeps the "
                     "model");
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
  for (const std::optional<evaluate::OptionProblem> &problem :
       {evaluate::checkThreads(r.threads), evaluate::checkDivisor(r.data_divisor)})
    if (problem)
      throw Error(flagOf(problem->field) + ": error: " + problem->message);
  if (r.max_loss && !(*r.max_loss >= 0 && *r.max_loss <= 100))
    throw Error("--max-loss: error: must be a number of accuracy points in [0, 100], got " +
                formatDouble(*r.max_loss));
  std::set<std::string> paths;
  for (const std::string &p : r.outputs) {
    sweep::formatOf(p, "-o");
    if (!paths.insert(p).second)
      throw Error("-o: error: " + p + " is given twice");
  }
  for (const std::string &cost : r.pareto)
    sweep::costColumn(cost);
}

// The sweep's job: the description, the flags over it, and the data and compile options.
sweep::Job jobOf(const SweepRequest &r) {
  sweep::Job job;
  job.spec = r.description.empty() ? sweep::Spec{} : sweep::loadSpec(r.description);
  addFlags(job.spec, r);
  if (!sweep::setsModel(job.spec))
    throw UsageError("sweep: error: give a model to run, or --merge FILES to join results");
  job.technology =
      r.technology ? energy::loadTechnology(*r.technology) : energy::defaultTechnology();
  job.shard = r.shard ? sweep::parseShard(*r.shard) : sweep::Shard{};
  job.compile = inputOptions(r.input_bits, r.input_range);
  job.data = evaluate::DataFiles{r.data, r.labels, r.data_divisor};
  job.samples = r.samples;
  job.threads = r.threads;
  return job;
}

// Runs the shard's points that the outputs do not hold yet, in point order; returns the results
// of the first output for the analysis.
sweep::Table runSweep(const SweepRequest &r, std::ostream &out, std::ostream &err) {
  // Everything that can fail on bad input comes before the outputs are opened.
  sweep::Sweep run(jobOf(r), err);
  // With --resume: the points already done.
  sweep::Outputs outputs(r.outputs, run.layout(), r.resume, err);
  int64_t total = run.shardSize(), done = outputs.doneCount();
  sweep::Progress progress(err, r.terminal, total, done);
  sweep::runInto(run, outputs, progress);
  outputs.close(); // sorts a file that a resume left out of point order
  progress.close();
  out << "sweep: " << total << " points" << (run.shard().count > 1 ? " in shard " + *r.shard : "")
      << " (" << total - done << " run, " << done << " already done) of " << run.plan().size()
      << "; results in";
  for (const std::string &o : r.outputs)
    out << " " << o;
  out << "\n";
  return sweep::tableOf(sweep::readResultFile(r.outputs[0]));
}

// --merge: joins the files, writes the -o file if given; the merged rows go to the analysis.
sweep::Table mergeSweeps(const SweepRequest &r, std::ostream &out, std::ostream &err) {
  sweep::ResultFile merged = sweep::mergeResults(r.merge, err);
  if (!r.outputs.empty())
    sweep::writeResults(merged, r.outputs[0]);
  out << "merge: " << merged.rows.size() << " points from " << r.merge.size() << " file(s)"
      << (r.outputs.empty() ? "" : " into " + r.outputs[0]) << "\n";
  return sweep::tableOf(merged);
}

// --pareto, --max-loss and --plots on the results.
void analyse(const SweepRequest &r, const sweep::Table &table, std::ostream &out) {
  std::vector<std::string> costs;
  for (const std::string &name : r.pareto) {
    costs.push_back(sweep::costColumn(name));
    out << "\n" << sweep::paretoText(table, costs.back(), r.max_loss);
  }
  if (r.plots.empty())
    return;
  if (costs.empty())
    costs = {"energy_per_inference_pj", "programming_energy_nj"};
  out << "\nplots:";
  for (const std::string &path : sweep::writePlots(table, costs, r.plots))
    out << " " << path;
  out << "\n";
}

} // namespace

void sweep(const SweepRequest &r, std::ostream &out, std::ostream &err) {
  checkUsage(r);
  checkValues(r);
  sweep::Table table = r.merge.empty() ? runSweep(r, out, err) : mergeSweeps(r, out, err);
  analyse(r, table, out);
}

} // namespace bnnc::driver
