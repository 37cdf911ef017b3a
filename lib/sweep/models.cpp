// The models and samples of a sweep (see models.h).
#include "models.h"

#include "bnnc/device/programming_law.h"
#include "bnnc/onnx/importer.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <ostream>

namespace bnnc::sweep {

namespace {

int64_t classesOf(const ir::Program &program) { return program.layers.back().outSize(); }

} // namespace

Model::Model(const std::string &path, const passes::CompileOptions &options, std::ostream &err) {
  defaults_ = {onnx::isOnnxPath(path), path, mapping::defaultArch(), "typical"};
  if (!defaults_.onnx) {
    auto chip =
        std::make_shared<const image::ChipImage>(image::readImage(readFileBytes(path), path));
    program_ = chip->program;
    defaults_.arch = chip->mapping.arch;
    defaults_.condition = chip->condition.name;
    defaults_.image_condition = chip->condition;
    images_.emplace(archKey(chip->mapping.arch), std::move(chip));
    return;
  }
  // An ONNX model: imported and lowered once; the images per architecture come in image().
  Diagnostics diag;
  passes::PassContext ctx{options, diag};
  program_ = passes::compileGraph(onnx::importModel(path, diag, true), ctx);
  for (const std::string &w : diag.warnings)
    err << w << "\n";
}

std::shared_ptr<const image::ChipImage> Model::image(const mapping::Arch &arch,
                                                     const std::string &place) {
  std::string key = archKey(arch);
  auto it = images_.find(key);
  if (it != images_.end())
    return it->second;
  try {
    // Written and read back: the point runs exactly the image bnnc compile would write. The
    // condition is the points' own (evaluate::Population::condition).
    image::ChipImage chip{program_, mapping::mapProgram(program_, arch, defaults_.model),
                          device::loadCondition(defaults_.condition).condition};
    auto read = image::readImage(image::writeImage(chip), defaults_.model);
    return images_.emplace(key, std::make_shared<const image::ChipImage>(std::move(read)))
        .first->second;
  } catch (const Error &e) {
    throw Error(place + ": " + e.what());
  }
}

const evaluate::Bench &Model::bench(const mapping::Arch &arch, const Samples &samples,
                                    int threads) {
  std::string key = archKey(arch);
  auto it = benches_.find(key);
  if (it != benches_.end())
    return it->second;
  std::shared_ptr<const image::ChipImage> chip = images_.at(key);
  std::shared_ptr<const emulator::Plan> plan = emulator::prepare(*chip);
  if (!encoded_) // every architecture runs the same program's input stage
    encoded_ = std::make_shared<const emulator::EncodedInputs>(
        emulator::encodeInputs(*plan, samples.values.data(), samples.count, threads));
  return benches_.try_emplace(key, chip, plan, encoded_, samples.labels, threads).first->second;
}

Model &Models::get(const std::string &path) {
  auto it = models_.find(path);
  if (it == models_.end()) {
    it = models_.emplace(path, std::make_unique<Model>(path, options_, err_)).first;
    loaded_.push_back(it->second.get());
  }
  return *it->second;
}

Samples loadSamples(const evaluate::DataFiles &files, std::optional<int64_t> limit,
                    const std::vector<const Model *> &models) {
  data::Dataset data = evaluate::loadSamples(files, models.at(0)->program().input.shape);
  for (const Model *m : models)
    data::checkSampleShape(data, m->program().input.shape, files.data);
  Samples s{std::move(data.values), data.count,
            evaluate::checkedLabels(files, data.count, classesOf(models[0]->program()))};
  for (const Model *m : models)
    if (!s.labels.empty())
      evaluate::checkLabels(s.labels, s.count, classesOf(m->program()), files.labels, files.data);
  // --samples N: the first N samples (and labels), for quick looks.
  if (limit) {
    if (*limit < 1 || *limit > s.count)
      throw Error("--samples: error: must be in [1, " + std::to_string(s.count) +
                  "] (the samples in " + files.data + "), got " + std::to_string(*limit));
    int64_t per_sample = int64_t(s.values.size()) / s.count;
    s.count = *limit;
    s.values.resize(size_t(s.count * per_sample));
    if (!s.labels.empty())
      s.labels.resize(size_t(s.count));
  }
  return s;
}

} // namespace bnnc::sweep
