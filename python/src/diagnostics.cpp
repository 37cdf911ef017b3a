// bnnc.Diagnostic and bnnc.Error: a bnnc::Error becomes a Python exception whose message is the
// error's text and whose `diagnostics` are its lines, structured.
#include "bindings.h"

#include "bnnc/support/error.h"

#include <pybind11/stl.h>

namespace bnnc::python {

void bindDiagnostics(py::module_ &m) {
  py::class_<Diagnostic>(m, "Diagnostic",
                         "One line of an error or a warning: severity, file, place, message")
      .def_property_readonly("severity",
                             [](const Diagnostic &d) { return severityName(d.severity); })
      .def_readonly("file", &Diagnostic::file)
      .def_readonly("place", &Diagnostic::place)
      .def_readonly("node", &Diagnostic::node)
      .def_readonly("offset", &Diagnostic::offset)
      .def_readonly("section", &Diagnostic::section)
      .def_property_readonly("pointer",
                             [](const Diagnostic &d) {
                               return d.has_pointer ? py::object(py::str(d.pointer)) : py::none();
                             })
      .def_readonly("line", &Diagnostic::line)
      .def_readonly("column", &Diagnostic::column)
      .def_readonly("message", &Diagnostic::message)
      .def_readonly("text", &Diagnostic::text)
      .def("__str__", [](const Diagnostic &d) { return d.text; })
      .def("__repr__", [](const Diagnostic &d) { return "<bnnc.Diagnostic " + d.text + ">"; });

  static py::exception<Error> error(m, "Error");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p)
        std::rethrow_exception(p);
    } catch (const Error &e) {
      py::object instance = py::handle(error.ptr())(e.what()); // an instance of bnnc.Error
      instance.attr("diagnostics") = py::cast(e.diagnostics());
      PyErr_SetObject(error.ptr(), instance.ptr());
    }
  });
}

} // namespace bnnc::python
