// runPlanes: each weight plane's errors alone on a virtual chip (run_planes.h).
#include "run_planes.h"

#include "run_chips.h"

namespace bnnc::driver {

std::vector<PlaneRecord> runPlanes(const image::ChipImage &image, const IdealRun &ideal,
                                   const std::vector<int64_t> &labels, const ChipSetup &setup,
                                   const device::VirtualChip &chip, int c, int threads) {
  std::vector<PlaneRecord> records;
  const std::vector<ir::Layer> &layers = image.program.layers;
  for (size_t l = 0; l < layers.size(); ++l)
    for (int i = 0; layers[l].weight_bits > 1 && i < layers[l].weight_bits; ++i) {
      device::VirtualChip only = device::keepPlaneErrors(image, chip, int(l), i);
      std::shared_ptr<const emulator::ChipBinding> binding = emulator::bind(*ideal.plan, only);
      emulator::RunOptions options;
      options.threads = threads;
      options.chip = binding.get();
      options.seed = setup.seed; // the same read-noise streams as the chip's full run
      options.chip_index = uint64_t(c);
      emulator::RunResult r = emulator::run(*ideal.plan, *ideal.inputs, options);
      PlaneRecord rec{int(l), i, only.used_cells, only.static_errors, 0, 0};
      for (size_t s = 0; s < r.predictions.size(); ++s) {
        rec.correct += s < labels.size() && r.predictions[s] == labels[s];
        rec.changed += r.predictions[s] != ideal.result.predictions[s];
      }
      records.push_back(rec);
    }
  return records;
}

} // namespace bnnc::driver
