// runPlanes: each weight plane's errors on a virtual chip, and with plane_impact its run alone
// (chips.h).
#include "chips.h"

#include "bnnc/device/virtual_chip.h"

namespace bnnc::evaluate {

std::vector<PlaneRecord> runPlanes(const ChipContext &x, const Population &p,
                                   const device::VirtualChip &chip, int c, int threads) {
  std::vector<PlaneRecord> records;
  const std::vector<ir::Layer> &layers = x.image.program.layers;
  for (size_t l = 0; l < layers.size(); ++l)
    for (int i = 0; layers[l].weight_bits > 1 && i < layers[l].weight_bits; ++i) {
      device::VirtualChip only = device::keepPlaneErrors(x.image, chip, int(l), i);
      records.push_back({int(l), i, only.used_cells, only.static_errors, p.plane_impact, 0, 0});
      if (!p.plane_impact)
        continue;
      std::shared_ptr<const emulator::ChipBinding> binding = emulator::bind(x.plan, only);
      emulator::RunOptions options;
      options.threads = threads;
      options.chip = binding.get();
      options.seed = p.seed; // the same read-noise streams as the chip's full run
      options.chip_index = uint64_t(c);
      emulator::RunResult r = emulator::run(x.plan, x.inputs, options);
      PlaneRecord &rec = records.back();
      for (size_t s = 0; s < r.predictions.size(); ++s) {
        rec.correct += s < x.labels.size() && r.predictions[s] == x.labels[s];
        rec.changed += r.predictions[s] != x.ideal.predictions[s];
      }
    }
  return records;
}

} // namespace bnnc::evaluate
