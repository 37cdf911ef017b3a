// The models of a sweep and what each shares between points: an ONNX model imported and lowered
// once, then mapped and imaged once per distinct architecture (or a chip image, read once); the
// samples, read once and encoded once per model; and one evaluate::Bench (the image's plan and
// the ideal chip's run) per image.
#pragma once

#include "bnnc/evaluate/evaluate.h"
#include "bnnc/passes/passes.h"
#include "bnnc/sweep/resolve.h"

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bnnc::sweep {

struct Samples {
  std::vector<float> values;
  int64_t count = 0;
  std::vector<int64_t> labels; // empty without labels
};

class Model {
public:
  // Reads the chip image, or imports and lowers the ONNX model (warnings go to `err`).
  Model(const std::string &path, const passes::CompileOptions &options, std::ostream &err);
  const Defaults &defaults() const { return defaults_; }
  const ir::Program &program() const { return program_; }
  // The image of `arch` (mapped on first use, exactly as bnnc compile writes it). Mapping errors
  // name `place`.
  std::shared_ptr<const image::ChipImage> image(const mapping::Arch &arch,
                                                const std::string &place);
  // The bench of the image of `arch` (image() must have mapped it) on the samples: made once per
  // architecture, on samples encoded once for the model (the programming condition and the
  // device do not change the ideal chip).
  const evaluate::Bench &bench(const mapping::Arch &arch, const Samples &samples, int threads);

private:
  Defaults defaults_;
  ir::Program program_;
  std::map<std::string, std::shared_ptr<const image::ChipImage>> images_; // by archKey
  std::map<std::string, evaluate::Bench> benches_;                        // by archKey
  std::shared_ptr<const emulator::EncodedInputs> encoded_;
};

// The models of a sweep by path, each loaded when a point first names it.
class Models {
public:
  Models(passes::CompileOptions options, std::ostream &err) : options_(options), err_(err) {}
  Model &get(const std::string &path);
  const std::vector<const Model *> &loaded() const { return loaded_; } // in load order

private:
  passes::CompileOptions options_;
  std::ostream &err_;
  std::map<std::string, std::unique_ptr<Model>> models_;
  std::vector<const Model *> loaded_;
};

// Loads the data (divided by the divisor in float32, as bnnc run does), checks its shape against
// every model's input, keeps the first `limit` samples, and loads and checks the labels against
// every model's classes.
Samples loadSamples(const evaluate::DataFiles &files, std::optional<int64_t> limit,
                    const std::vector<const Model *> &models);

} // namespace bnnc::sweep
