#include "unit/device/chip_util.h"
#include "bnnc/image/condition.h"
#include "bnnc/support/random.h"

namespace bnnc::device::test {

image::ChipImage randomChipImage(int tiles, int64_t tile_rows, int64_t tile_cols, int64_t used_rows,
                                 int64_t used_cols, uint64_t seed) {
  image::ChipImage img;
  img.condition = image::conditionByName("typical");
  mapping::Arch &arch = img.mapping.arch;
  arch.tile_rows = tile_rows;
  arch.tile_cols = tile_cols;
  arch.tiles = tiles;
  const int64_t words = img.mapping.wordsPerRow();
  Rng rng(seed);
  for (int i = 0; i < tiles; ++i) {
    mapping::Tile t;
    t.rows = used_rows;
    t.cols = used_cols;
    t.cells.assign(tile_rows * words, 0);
    for (int64_t r = 0; r < used_rows; ++r)
      for (int64_t c = 0; c < used_cols; ++c)
        t.cells[r * words + c / 64] |= (rng.next() & 1) << (c % 64);
    img.mapping.tiles.push_back(std::move(t));
  }
  return img;
}

// z = ln 5 / sqrt(0.3^2 + 0.2^2 + 0.4^2 + 0.5^2 + 2 x 0.15^2 + 0.2^2) = 1.609 / 0.8544 = 1.88.
DeviceModel stressModel() {
  DeviceModel m;
  m.name = "stress";
  m.lrs = {1000, 0.3, 0.2};
  m.hrs = {5000, 0.4, 0.5};
  m.read_sigma = 0.15;
  m.sense_offset_sigma = 0.2;
  return m;
}

DeviceModel stressModel1T1R() {
  DeviceModel m = stressModel();
  m.cell = DeviceModel::Cell::OneT1R;
  return m;
}

DeviceModel withoutFaults(DeviceModel m) {
  m.faults = {};
  m.program_failure_rate = 0;
  return m;
}

} // namespace bnnc::device::test
