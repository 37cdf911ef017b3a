// bnnc._bnnc: the C++ half of the Python module bnnc.
#include "bindings.h"

#include "bnnc/support/version.h"

namespace bnnc::python {

std::string pathOrBytes(const py::object &value, bool &is_bytes) {
  is_bytes = py::isinstance<py::bytes>(value);
  if (is_bytes)
    return std::string(value.cast<py::bytes>());
  return py::str(value).cast<std::string>(); // str, or an os.PathLike such as pathlib.Path
}

} // namespace bnnc::python

PYBIND11_MODULE(_bnnc, m) {
  using namespace bnnc::python;
  m.doc() = "bnnc: compile binarized neural networks for 2T2R RRAM chips, and emulate the chips";
  m.attr("__version__") = bnnc::version();
  bindDiagnostics(m);
  bindImages(m);
  bindEvaluate(m);
  bindSweep(m);
}
