// The Python module's parts (docs/python.md), each binding one job of the library; module.cpp
// puts them together as bnnc._bnnc, which python/bnnc/__init__.py wraps.
#pragma once

#include "bnnc/image/image.h"
#include "bnnc/support/diagnostic.h"

#include <memory>
#include <pybind11/pybind11.h>
#include <string>
#include <vector>

namespace bnnc::python {

namespace py = pybind11;

// A chip image as Python holds it, with the warnings of the compile that made it.
struct Image {
  std::shared_ptr<const image::ChipImage> chip;
  std::vector<Diagnostic> warnings;
};

void bindDiagnostics(py::module_ &m); // bnnc.Diagnostic, bnnc.Error and the error translation
void bindImages(py::module_ &m);      // compile, load_image, inspect, Image
void bindEvaluate(py::module_ &m);    // Bench: an image on data, evaluated on populations
void bindSweep(py::module_ &m);       // sweep: rows of a sweep description

// A Python str (a path) or bytes; `is_bytes` says which.
std::string pathOrBytes(const py::object &value, bool &is_bytes);

} // namespace bnnc::python
