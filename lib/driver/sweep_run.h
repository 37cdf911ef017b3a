// Running sweep points: the model (an ONNX model imported and lowered once, then mapped and
// imaged once per distinct architecture; or a chip image), the samples (read and encoded once),
// the ideal chip's run (once per architecture), and one point's run through the library of
// bnnc run (runChips, makeReport).
#pragma once

#include "bnnc/driver/driver.h"
#include "bnnc/energy/energy.h"
#include "bnnc/image/image.h"
#include "run_chips.h"
#include "sweep_resolve.h"

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace bnnc::driver::dse {

struct Samples {
  std::vector<float> values;
  int64_t count = 0;
  std::vector<int64_t> labels; // empty without --labels
};

class Images {
public:
  // Reads the chip image, or imports and lowers the ONNX model (warnings go to `err`).
  Images(const SweepRequest &request, std::ostream &err);
  Defaults defaults() const;
  const ir::Program &program() const { return program_; }
  // The image of the point's architecture (mapped on first use, exactly as bnnc compile writes
  // it), with the point's programming condition. Mapping errors name `place`.
  image::ChipImage &get(const PointConfig &config, const std::string &place);
  // The ideal chip's run of the point's image (get must have mapped it) on the samples: run once
  // per architecture, on samples encoded once for all (the programming condition and the device
  // do not change the ideal chip).
  const IdealRun &ideal(const PointConfig &config, const Samples &samples, int threads);

private:
  std::string model_;
  bool onnx_ = true;
  ir::Program program_;
  std::map<std::string, image::ChipImage> images_; // by archKey
  std::map<std::string, IdealRun> ideals_;         // by archKey
  std::shared_ptr<const emulator::EncodedInputs> encoded_;
};

// Loads --data (divided by --data-div in float32, as bnnc run does), checks its shape against the
// model's input, keeps the first --samples, and loads and checks --labels.
Samples loadSamples(const SweepRequest &request, const ir::Program &program);

// Runs one point; returns its results as the row's result columns (sweep_rows.h). Energies are
// those of `technology`.
json runPoint(const image::ChipImage &image, const IdealRun &ideal, const PointConfig &config,
              const Samples &samples, const energy::Technology &technology,
              const SweepRequest &request);
// "accuracy 0.9575, observed BER 0.00098": a point's results for the progress lines.
std::string resultSummary(const json &results);

} // namespace bnnc::driver::dse
