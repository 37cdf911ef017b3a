// bnnc.compile, bnnc.load_image, bnnc.inspect and bnnc.Image.
#include "bindings.h"

#include "bnnc/api/compile.h"
#include "bnnc/api/inspect.h"
#include "bnnc/device/programming_law.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/support/file.h"

#include <pybind11/stl.h>

#include <algorithm>

namespace bnnc::python {

namespace {

py::dict archDict(const mapping::Arch &a) {
  py::dict d;
  d["name"] = a.name;
  d["tile_rows"] = a.tile_rows;
  d["tile_cols"] = a.tile_cols;
  d["popcount_bits"] = a.popcount_bits;
  d["tiles"] = a.tiles;
  d["clock_mhz"] = a.clock_mhz;
  return d;
}

py::list layerList(const image::ChipImage &chip) {
  py::list layers;
  for (size_t i = 0; i < chip.program.layers.size(); ++i) {
    const ir::Layer &l = chip.program.layers[i];
    const mapping::LayerPlacement &p = chip.mapping.layers[i];
    py::dict d;
    d["name"] = l.name;
    d["op"] = l.source_op;
    d["fan_in"] = l.geom.fanIn();
    d["neurons"] = l.geom.cout;
    d["positions"] = l.geom.positions();
    d["tiles"] = p.row_blocks * p.col_blocks;
    d["cell_utilization"] = p.utilization;
    layers.append(d);
  }
  return layers;
}

std::vector<uint8_t> imageBytes(const Image &im) { return image::writeImage(*im.chip); }

mapping::Arch archOf(const py::object &arch) {
  if (arch.is_none())
    return mapping::defaultArch();
  if (py::isinstance<py::dict>(arch)) { // the architecture file's fields
    py::dict fields = py::dict(arch);
    // Without popcount_bits, the popcount is widened to tile_cols as a sweep widens it.
    if (!fields.contains("popcount_bits") && fields.contains("tile_cols") &&
        py::isinstance<py::int_>(fields["tile_cols"])) {
      int64_t cols = fields["tile_cols"].cast<int64_t>(), bits = 1;
      while (bits < mapping::kMaxPopcountBits && (int64_t(1) << bits) - 1 < cols)
        ++bits;
      fields["popcount_bits"] = std::max<int64_t>(bits, mapping::defaultArch().popcount_bits);
    }
    return mapping::parseArch(py::module_::import("json").attr("dumps")(fields).cast<std::string>(),
                              "arch");
  }
  return mapping::loadArch(py::str(arch).cast<std::string>());
}

Image compileModel(const py::object &model, const py::object &arch, const std::string &condition,
                   std::optional<int> input_bits, std::optional<std::pair<double, double>> range,
                   const std::string &name) {
  bool is_bytes = false;
  std::string source = pathOrBytes(model, is_bytes);
  api::CompileOptions o;
  o.arch = archOf(arch);
  o.condition = device::loadCondition(condition).condition;
  o.passes.input_bits = input_bits;
  if (range)
    o.passes.input_lo = range->first, o.passes.input_hi = range->second;
  py::gil_scoped_release release;
  api::Model m = is_bytes ? api::importModelBytes(source, name) : api::importModel(source);
  api::Compiled c = api::compile(std::move(m), std::move(o));
  return Image{std::make_shared<const image::ChipImage>(std::move(c.image)), c.warnings};
}

Image loadImage(const py::object &file, const std::string &name) {
  bool is_bytes = false;
  std::string source = pathOrBytes(file, is_bytes);
  std::vector<uint8_t> bytes =
      is_bytes ? std::vector<uint8_t>(source.begin(), source.end()) : readFileBytes(source);
  return Image{
      std::make_shared<const image::ChipImage>(image::readImage(bytes, is_bytes ? name : source)),
      {}};
}

py::dict modelReport(const api::ModelReport &r) {
  py::list nodes;
  for (const api::NodeReport &n : r.nodes) {
    py::dict d;
    d["index"] = n.index;
    d["name"] = n.name;
    d["op"] = n.op;
    d["role"] = n.problem ? "blocked" : n.role;
    d["problem"] = n.problem ? py::cast(*n.problem) : py::none();
    nodes.append(d);
  }
  py::dict d;
  d["model"] = r.path;
  d["opset"] = r.opset;
  d["producer"] = r.producer;
  d["nodes"] = nodes;
  d["input"] = r.input ? py::cast(*r.input) : py::none();
  d["layers"] = r.layers ? py::cast(*r.layers) : py::none();
  d["problems"] = r.problems;
  d["warnings"] = r.warnings;
  d["compiles"] = r.compiles();
  return d;
}

py::dict imageReport(const api::ImageReport &r) {
  py::list sections;
  for (const image::SectionInfo &s : r.info.sections)
    sections.append(py::dict(py::arg("tag") = s.tag, py::arg("offset") = s.offset,
                             py::arg("size") = s.size,
                             py::arg("crc_ok") = s.crc_stored == s.crc_computed));
  py::dict d;
  d["image"] = r.path;
  d["version"] = std::to_string(r.info.major) + "." + std::to_string(r.info.minor);
  d["bytes"] = r.info.file_size;
  d["sections"] = sections;
  d["error"] = r.error ? py::cast(*r.error) : py::none();
  if (r.image) {
    d["model"] = r.image->program.model_name;
    d["writer"] = r.image->writer.empty() ? py::none() : py::cast(r.image->writer);
    d["input"] = api::describeInput(r.image->program.input, false);
    d["layers"] = layerList(*r.image);
  }
  return d;
}

py::dict inspectFile(const py::object &file, const std::string &name) {
  bool is_bytes = false;
  std::string source = pathOrBytes(file, is_bytes);
  std::string path = is_bytes ? name : source;
  bool is_image = is_bytes ? source.compare(0, 8, std::string(image::kMagic, 8)) == 0
                           : !onnx::isOnnxPath(source);
  if (!is_image)
    return modelReport(is_bytes ? api::inspectModelBytes(source, path) : api::inspectModel(source));
  return imageReport(is_bytes ? api::inspectImageBytes({source.begin(), source.end()}, path)
                              : api::inspectImage(source));
}

} // namespace

void bindImages(py::module_ &m) {
  py::class_<Image>(m, "Image", "A chip image: a model compiled for an architecture")
      .def_property_readonly("model", [](const Image &i) { return i.chip->program.model_name; })
      .def_property_readonly("producer", [](const Image &i) { return i.chip->program.producer; })
      .def_property_readonly("writer", [](const Image &i) { return i.chip->writer; })
      .def_property_readonly("condition", [](const Image &i) { return i.chip->condition.name; })
      .def_property_readonly("arch", [](const Image &i) { return archDict(i.chip->mapping.arch); })
      .def_property_readonly("layers", [](const Image &i) { return layerList(*i.chip); })
      .def_property_readonly("tiles", [](const Image &i) { return i.chip->mapping.tiles.size(); })
      .def_property_readonly(
          "input", [](const Image &i) { return api::describeInput(i.chip->program.input, false); })
      .def_property_readonly("notes", [](const Image &i) { return i.chip->program.notes; })
      .def_readonly("warnings", &Image::warnings)
      .def("to_bytes",
           [](const Image &i) {
             std::vector<uint8_t> b = imageBytes(i);
             return py::bytes(reinterpret_cast<const char *>(b.data()), b.size());
           })
      .def(
          "save",
          [](const Image &i, const py::object &path) {
            writeFileAtomic(py::str(path).cast<std::string>(), imageBytes(i));
          },
          py::arg("path"))
      .def("__repr__", [](const Image &i) {
        return "<bnnc.Image '" + i.chip->program.model_name + "', " +
               std::to_string(i.chip->program.layers.size()) + " layers, " +
               std::to_string(i.chip->mapping.tiles.size()) + " tiles, condition " +
               i.chip->condition.name + ">";
      });
  m.def("compile", &compileModel, py::arg("model"), py::arg("arch") = py::none(),
        py::arg("condition") = "typical", py::arg("input_bits") = py::none(),
        py::arg("input_range") = py::none(), py::arg("name") = "model.onnx",
        "Compiles an ONNX model (a path, or its bytes named `name`) into a chip image");
  m.def("load_image", &loadImage, py::arg("image"), py::arg("name") = "image.bnn",
        "Reads a chip image from a path, or from bytes named `name`");
  m.def("inspect", &inspectFile, py::arg("file"), py::arg("name") = "model.onnx",
        "What bnnc does with each node of an ONNX model, or what a chip image holds, as a dict");
}

} // namespace bnnc::python
