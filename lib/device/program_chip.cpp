// programChip: every used cell of every tile programmed and sensed once without read noise;
// tiles in parallel, each with its own random streams.
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/parallel.h"
#include "cell_program.h"

#include <algorithm>
#include <atomic>

namespace bnnc::device {

namespace {

constexpr double kRiskThreshold = 1e-12; // reads less likely to flip than this count as safe

struct TileResult {
  ProgrammedTile tile;
  int64_t static_errors = 0, used_cells = 0;
  ProgrammingStats stats;
};

void addStats(ProgrammingStats &into, const ProgrammingStats &s) {
  into.pulses += s.pulses;
  into.verify_reads += s.verify_reads;
  into.failed_devices += s.failed_devices;
  into.stuck_devices += s.stuck_devices;
}

// The sense offsets of the tile's used columns, in ln units: fixed per chip.
std::vector<double> columnOffsets(const DeviceModel &model, uint64_t seed, int tile, int64_t cols) {
  std::vector<double> offsets(cols);
  for (int64_t c = 0; c < cols; ++c)
    offsets[c] = model.sense_offset_sigma *
                 Rng(streamKey(seed, {kColumnStream, uint64_t(tile), uint64_t(c)})).normal();
  return offsets;
}

TileResult programTile(const mapping::Mapping &mapping, int index, const Physics &phys,
                       uint64_t seed) {
  const mapping::Tile &t = mapping.tiles[index];
  const int64_t words = mapping.wordsPerRow();
  TileResult out;
  out.tile.sensed.assign(t.cells.size(), 0);
  std::vector<double> offsets = columnOffsets(phys.model(), seed, index, t.cols);
  Rng rng(streamKey(seed, {kProgramStream, uint64_t(index)}));
  DeviceDraws devices[2];
  for (int64_t r = 0; r < t.rows; ++r) {
    for (int64_t c = 0; c < t.cols; ++c) {
      bool bit = mapping.cell(t, r, c);
      drawCellDevices(phys.model(), seed, index, r, c, devices);
      CellOutcome cell = programCell(phys, rng, bit, devices);
      addStats(out.stats, cell.stats);
      // Without read noise the PCSA reads bit 1 exactly when z0 > 0 (a tie reads 0).
      double z0 = phys.margin(cell.ln_r[0], cell.ln_r[1], offsets[c]);
      bool sensed = z0 > 0;
      out.tile.sensed[r * words + c / 64] |= uint64_t(sensed) << (c % 64);
      out.static_errors += sensed != bit;
      double p = phys.flipProbability(z0);
      if (p >= kRiskThreshold) // row-major loop: the list comes out sorted by row, then column
        out.tile.risky.push_back({uint32_t(r), uint32_t(c), p});
    }
  }
  out.used_cells = t.rows * t.cols;
  return out;
}

} // namespace

VirtualChip programChip(const image::ChipImage &image, const DeviceModel &model,
                        const Environment &env, uint64_t seed, int threads) {
  const mapping::Mapping &mapping = image.mapping;
  const Physics phys(model, env);
  const int tiles = int(mapping.tiles.size());
  std::vector<TileResult> results(tiles);
  // Workers take tiles in turn; each tile's result depends only on (seed, tile), so the
  // assignment of tiles to threads does not matter.
  std::atomic<int> next{0};
  auto work = [&] {
    for (int i = next++; i < tiles; i = next++)
      results[i] = programTile(mapping, i, phys, seed);
  };
  int workers = std::clamp(threads, 1, std::max(tiles, 1));
  runParallel(workers, [&](int) { work(); });

  VirtualChip chip;
  for (TileResult &r : results) {
    chip.tiles.push_back(std::move(r.tile));
    chip.static_errors += r.static_errors;
    chip.used_cells += r.used_cells;
    addStats(chip.programming, r.stats);
  }
  return chip;
}

} // namespace bnnc::device
