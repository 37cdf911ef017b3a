// bnnc.Bench: an image prepared once on a data set (numpy arrays or data files), evaluated on any
// number of populations of chips; each evaluation gives bnnc run's report as a dict.
#include "bindings.h"

#include "bnnc/device/device_model.h"
#include "bnnc/device/fault_map.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/evaluate/evaluate.h"
#include "bnnc/evaluate/report.h"
#include "bnnc/support/error.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace bnnc::python {

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;
using IndexArray = py::array_t<int64_t, py::array::c_style | py::array::forcecast>;

// The keyword of bnnc.Bench.run that sets a population field.
std::string keywordOf(const std::string &field) {
  return field == "retention_s"     ? "retention_time"
         : field == "temperature_k" ? "temperature"
                                    : field;
}

// Samples in memory, divided by `divisor` in float32 as bnnc run divides a data file's values.
evaluate::Bench benchOfArrays(const Image &im, const FloatArray &data, const py::object &labels,
                              double divisor, int threads) {
  if (std::optional<evaluate::OptionProblem> p = evaluate::checkDivisor(divisor))
    throw Error("data_div: error: " + p->message);
  if (data.ndim() < 1)
    throw Error("data: error: the array is a scalar, expected a batch dimension first");
  int64_t count = data.shape(0);
  data::Dataset shape{count, ir::Shape(data.shape() + 1, data.shape() + data.ndim()), {}};
  data::checkSampleShape(shape, im.chip->program.input.shape, "data");
  std::vector<float> values(data.data(), data.data() + data.size());
  for (float &v : values)
    v = v / static_cast<float>(divisor);
  std::vector<int64_t> y;
  if (!labels.is_none()) {
    IndexArray a = labels.cast<IndexArray>();
    y.assign(a.data(), a.data() + a.size());
  }
  py::gil_scoped_release release;
  return evaluate::benchOf(im.chip, values.data(), count, std::move(y), threads);
}

// Data files, read exactly as bnnc run reads them.
evaluate::Bench benchOfFiles(const Image &im, const std::string &data, const std::string &labels,
                             double divisor, int threads) {
  evaluate::DataFiles files{data, labels, divisor};
  if (std::optional<evaluate::OptionProblem> p = evaluate::checkDivisor(divisor))
    throw Error("data_div: error: " + p->message);
  if (std::optional<evaluate::OptionProblem> p = evaluate::checkThreads(threads))
    throw Error("threads: error: " + p->message);
  py::gil_scoped_release release;
  const ir::Program &program = im.chip->program;
  data::SampleReader reader = evaluate::openSamples(files, program.input.shape);
  std::vector<int64_t> y =
      evaluate::checkedLabels(files, reader.count(), program.layers.back().outSize());
  std::shared_ptr<const emulator::Plan> plan = emulator::prepare(*im.chip);
  auto inputs = evaluate::encodeSamples(*plan, reader, divisor, threads);
  return evaluate::Bench(im.chip, plan, inputs, std::move(y), threads);
}

evaluate::Bench makeBench(const Image &im, const py::object &data, const py::object &labels,
                          double divisor, int threads) {
  if (py::isinstance<py::str>(data) || py::hasattr(data, "__fspath__"))
    return benchOfFiles(im, py::str(data), labels.is_none() ? "" : std::string(py::str(labels)),
                        divisor, threads);
  return benchOfArrays(im, data.cast<FloatArray>(), labels, divisor, threads);
}

struct PopulationArgs {
  int chips = 1;
  uint64_t seed = 1;
  py::object device, ber, technology, condition, fault_map;
  double cycles = 0, retention_time = 0, temperature = 300;
  bool ideal = false;
  int threads = 1;
};

evaluate::Population populationOf(const PopulationArgs &a) {
  evaluate::Population p;
  p.ideal = a.ideal;
  p.chips = a.chips;
  p.seed = a.seed;
  p.threads = a.threads;
  p.environment = {a.cycles, a.retention_time, a.temperature};
  if (!a.ber.is_none())
    p.ber = a.ber.cast<double>();
  if (!a.device.is_none())
    p.device = device::loadDeviceModel(py::str(a.device));
  if (!a.technology.is_none())
    p.technology = energy::loadTechnology(py::str(a.technology));
  if (!a.condition.is_none())
    p.condition = device::loadCondition(py::str(a.condition)).condition;
  if (!a.fault_map.is_none())
    p.fault_map = device::readFaultMap(py::str(a.fault_map));
  if (std::optional<evaluate::OptionProblem> problem = evaluate::checkPopulation(p))
    throw Error(keywordOf(problem->field) + ": error: " + problem->message);
  return p;
}

// The report's JSON text (bnnc run --json's keys), chip 0's outputs as a float32 array.
py::tuple runBench(const evaluate::Bench &bench, const PopulationArgs &args) {
  evaluate::Population p = populationOf(args);
  std::string report;
  evaluate::Result r;
  {
    py::gil_scoped_release release;
    r = bench.evaluate(p);
    report = evaluate::resultJson(r, p, bench.image()).dump();
  }
  py::array_t<float> outputs({r.first.samples, r.first.output_size});
  std::copy(r.first.outputs.begin(), r.first.outputs.end(), outputs.mutable_data());
  return py::make_tuple(report, outputs);
}

} // namespace

void bindEvaluate(py::module_ &m) {
  py::class_<evaluate::Bench>(m, "Bench",
                              "An image prepared on a data set: the emulator's plan, the encoded "
                              "samples and the ideal chip's run, shared by every evaluation")
      .def(py::init(&makeBench), py::arg("image"), py::arg("data"), py::arg("labels") = py::none(),
           py::arg("data_div") = 1.0, py::arg("threads") = 1)
      .def_property_readonly("samples", [](const evaluate::Bench &b) { return b.ideal().samples; })
      .def_property_readonly("classes", [](const evaluate::Bench &b) { return b.ideal().classes; })
      .def_property_readonly("ideal_predictions",
                             [](const evaluate::Bench &b) {
                               const auto &p = b.ideal().predictions;
                               return py::array_t<int64_t>(py::ssize_t(p.size()), p.data());
                             })
      .def(
          "_run",
          [](const evaluate::Bench &b, int chips, uint64_t seed, py::object device, py::object ber,
             double cycles, double retention_time, double temperature, bool ideal, int threads,
             py::object technology, py::object condition, py::object fault_map) {
            return runBench(b, {chips, seed, device, ber, technology, condition, fault_map, cycles,
                                retention_time, temperature, ideal, threads});
          },
          py::arg("chips"), py::arg("seed"), py::arg("device"), py::arg("ber"), py::arg("cycles"),
          py::arg("retention_time"), py::arg("temperature"), py::arg("ideal"), py::arg("threads"),
          py::arg("technology"), py::arg("condition"), py::arg("fault_map"));
}

} // namespace bnnc::python
