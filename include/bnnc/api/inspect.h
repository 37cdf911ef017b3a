// What bnnc does with each node of an ONNX model, or what a chip image holds (bnnc inspect;
// docs/cli.md, "bnnc inspect"), as data.
#pragma once

#include "bnnc/image/image.h"
#include "bnnc/ir/program.h"
#include "bnnc/support/diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::api {

struct NodeReport {
  int64_t index = 0;
  std::string name;
  std::string op;   // "Conv", or "domain::Op" for a custom domain
  std::string role; // what bnnc does with it ("binary weights of layer 0", "layout only, ...")
  std::optional<Diagnostic> problem; // the problem that blocks the compile at this node
};

struct ModelReport {
  std::string path;
  int64_t opset = 0;
  std::string producer;
  bool is_model = true; // false: the file is no ONNX model at all (its one problem says why)
  std::vector<NodeReport> nodes;    // as imported, constant subgraphs folded
  std::optional<std::string> input; // the input stage, when the model lowers that far
  std::optional<int64_t> layers;    // layers of the program, when the model lowers that far
  std::vector<Diagnostic> problems; // every problem that stops the compile
  std::vector<Diagnostic> warnings;
  bool compiles() const { return problems.empty(); }
};

// Imports and compiles as far as the model allows (a raw input is assumed to be 8 bits over
// [0, 1]); every problem ends in the report, none is thrown.
ModelReport inspectModel(const std::string &path);
ModelReport inspectModelBytes(const std::string &bytes, const std::string &path);

struct ImageReport {
  std::string path;
  image::ImageInfo info;                 // version, size, sections with their CRCs
  std::optional<image::ChipImage> image; // when the whole image reads
  std::optional<Diagnostic> error;       // why it does not
};

// Throws bnnc::Error when the header or the section table cannot be read.
ImageReport inspectImage(const std::string &path);
ImageReport inspectImageBytes(const std::vector<uint8_t> &bytes, const std::string &path);

// The input stage in words: "[1,28,28], bit-serial, 8 bits over [0, 1]", "..., binarized in the
// model (one comparator per element)"; `assumed` for a raw input without quantization.
std::string describeInput(const ir::InputStage &input, bool assumed);

} // namespace bnnc::api
