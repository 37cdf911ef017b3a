// bnnc.sweep's C++ half: a sweep description (JSON text) over data files, run point by point in
// memory; the rows come back as JSON lines, the warnings as Diagnostics.
#include "bindings.h"

#include "bnnc/evaluate/evaluate.h"
#include "bnnc/support/error.h"
#include "bnnc/sweep/sweep.h"

#include <pybind11/stl.h>
#include <sstream>

namespace bnnc::python {

namespace {

struct SweepArgs {
  std::string description; // JSON text of a sweep description (docs/sweep-format.md)
  std::string data, labels;
  double data_div = 1;
  std::optional<int64_t> samples;
  std::optional<int> input_bits;
  std::optional<std::pair<double, double>> input_range;
  std::optional<std::string> technology;
  int threads = 1;
  std::pair<int64_t, int64_t> shard{0, 1};
};

sweep::Job jobOf(const SweepArgs &a) {
  sweep::Job job;
  job.spec = sweep::parseSpec(a.description, "sweep");
  job.compile.input_bits = a.input_bits;
  if (a.input_range)
    job.compile.input_lo = a.input_range->first, job.compile.input_hi = a.input_range->second;
  job.data = evaluate::DataFiles{a.data, a.labels, a.data_div};
  job.samples = a.samples;
  if (a.technology)
    job.technology = energy::loadTechnology(*a.technology);
  job.shard = {a.shard.first, a.shard.second};
  job.threads = a.threads;
  for (const std::optional<evaluate::OptionProblem> &p :
       {evaluate::checkThreads(a.threads), evaluate::checkDivisor(a.data_div)})
    if (p)
      throw Error((p->field == "data_divisor" ? "data_div" : p->field) + ": error: " + p->message);
  if (!(job.shard.count >= 1 && job.shard.index >= 0 && job.shard.index < job.shard.count))
    throw Error("shard: error: must be (I, N) with 0 <= I < N");
  return job;
}

py::tuple runSweep(const SweepArgs &args) {
  std::vector<std::string> rows;
  std::ostringstream warnings;
  {
    py::gil_scoped_release release;
    sweep::Sweep run(jobOf(args), warnings);
    for (int64_t i = run.shard().index; i < run.plan().size(); i += run.shard().count)
      rows.push_back(run.run(i).dump());
  }
  return py::make_tuple(rows, parseDiagnostics(warnings.str()));
}

} // namespace

void bindSweep(py::module_ &m) {
  m.def(
      "_sweep",
      [](std::string description, std::string data, std::string labels, double data_div,
         std::optional<int64_t> samples, std::optional<int> input_bits,
         std::optional<std::pair<double, double>> input_range,
         std::optional<std::string> technology, int threads, std::pair<int64_t, int64_t> shard) {
        return runSweep({description, data, labels, data_div, samples, input_bits, input_range,
                         technology, threads, shard});
      },
      py::arg("description"), py::arg("data"), py::arg("labels"), py::arg("data_div"),
      py::arg("samples"), py::arg("input_bits"), py::arg("input_range"), py::arg("technology"),
      py::arg("threads"), py::arg("shard"));
}

} // namespace bnnc::python
