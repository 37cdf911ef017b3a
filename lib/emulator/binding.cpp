// bind: a virtual chip packed for a plan (see binding.h).
#include "binding.h"

#include "bnnc/device/virtual_chip.h"

#include <cassert>
#include <cmath>
#include <unordered_map>

namespace bnnc::emulator {

namespace detail {

namespace {

// Used cells of a row whose sensed bit differs from the stored one: the XOR of the two rows,
// limited to the used columns [0, cols).
int64_t rowErrors(const uint64_t *stored, const uint64_t *sensed, int64_t cols) {
  int64_t n = 0;
  for (int64_t w = 0; w * 64 < cols; ++w) {
    uint64_t used = cols - w * 64 >= 64 ? ~uint64_t(0) : (uint64_t(1) << (cols - w * 64)) - 1;
    n += __builtin_popcountll((stored[w] ^ sensed[w]) & used);
  }
  return n;
}

// The tile's held cells (after its risky ones, whose certain flips are in scan.words): each
// becomes a held cell of the layer, read as scan.words gives it; a noisy cell at the same place
// (`noisy`: tile place -> index in noise.cells) learns its index, so that a read flip can turn the
// held flip back.
void scanHeld(bool signs, const std::vector<int64_t> &slot, const mapping::Tile &tile,
              const device::ProgrammedTile &chip, int64_t wpr, const TileScan &scan,
              const std::unordered_map<uint64_t, size_t> &noisy, LayerNoise &noise) {
  for (const device::ReadRisk &risk : chip.held) {
    assert(int64_t(risk.row) < tile.rows && int64_t(risk.col) < tile.cols);
    if (!(risk.p > 0))
      continue;
    size_t word = size_t(risk.row) * size_t(wpr) + risk.col / 64;
    uint64_t bit = uint64_t(1) << (risk.col % 64);
    bool read = scan.words[word] & bit, wrong = bool(tile.cells[word] & bit) != read;
    int8_t weight = signs ? (read ? 1 : -1) : int8_t(read);
    int32_t index = int32_t(noise.held.size());
    noise.held.push_back({int32_t(tile.row0 + risk.row),
                          uint32_t(slot[size_t(tile.col0 + risk.col)]), weight, wrong});
    double before = noise.held_survive.empty() ? 0.0 : noise.held_survive.back();
    if (risk.p >= 1)
      noise.held_certain.push_back(uint32_t(index));
    noise.held_survive.push_back(risk.p >= 1 ? before : before + std::log1p(-risk.p));
    noise.held_any = -std::expm1(noise.held_survive.back());
    auto it = noisy.find(uint64_t(risk.row) << 32 | risk.col);
    if (it != noisy.end())
      noise.cells[it->second].held = index;
  }
}

} // namespace

TileScan scanTile(bool signs, const std::vector<int64_t> &slot, const mapping::Tile &tile,
                  const device::ProgrammedTile &chip, int64_t wpr, LayerNoise &noise) {
  assert(chip.sensed.size() == tile.cells.size());
  TileScan scan{chip.sensed, 0, 0, 0};
  for (int64_t r = 0; r < tile.rows; ++r)
    scan.static_errors +=
        rowErrors(&tile.cells[size_t(r * wpr)], &chip.sensed[size_t(r * wpr)], tile.cols);
  noise.signs = signs;
  std::unordered_map<uint64_t, size_t> noisy; // of this tile, when it has held cells
  int64_t current = -1; // the tile row of noise.rows.back(), while it is this tile's
  for (size_t k = 0; k < chip.risky.size(); ++k) {
    const device::ReadRisk &risk = chip.risky[k];
    assert(int64_t(risk.row) < tile.rows && int64_t(risk.col) < tile.cols);
    size_t word = size_t(risk.row) * size_t(wpr) + risk.col / 64;
    uint64_t bit = uint64_t(1) << (risk.col % 64);
    bool wrong = (tile.cells[word] ^ chip.sensed[word]) & bit;
    if (!(risk.p > 0))
      continue;
    if (risk.p >= 1) {
      scan.words[word] ^= bit;
      ++scan.certain;
      scan.certain_delta += wrong ? -1 : 1; // a statically wrong cell that flips reads right
      continue;
    }
    if (int64_t(risk.row) != current) {
      current = risk.row;
      noise.rows.push_back({int32_t(tile.row0 + risk.row), uint32_t(noise.cells.size()),
                            uint32_t(noise.cells.size()), 0, 0});
    }
    NoisyRow &row = noise.rows.back();
    bool sensed = chip.sensed[word] & bit;
    int8_t weight = signs ? (sensed ? 1 : -1) : int8_t(sensed);
    if (!chip.held.empty())
      noisy[uint64_t(risk.row) << 32 | risk.col] = noise.cells.size();
    noise.cells.push_back({uint32_t(slot[size_t(tile.col0 + risk.col)]), weight, wrong});
    // ln(1 - p) by log1p keeps tiny p exact; any = -expm1(sum) likewise.
    row.lr += std::log1p(-risk.p);
    noise.survive.push_back(row.lr);
    row.any = -std::expm1(row.lr);
    ++row.end;
  }
  scanHeld(signs, slot, tile, chip, wpr, scan, noisy, noise);
  return scan;
}

void finishBinding(const std::vector<TileScan> &scans, LayerBinding &b) {
  for (const TileScan &scan : scans) {
    b.static_wrong += b.noise.reads * scan.static_errors;
    b.certain_flips += b.noise.reads * scan.certain;
    b.certain_delta += b.noise.reads * scan.certain_delta;
  }
  b.noise.level.assign(1, 0);
  for (const NoisyRow &row : b.noise.rows)
    b.noise.level.push_back(b.noise.level.back() + double(b.noise.reads) * row.lr);
}

namespace {

LayerBinding bindLayer(const Plan &plan, const LayerPlan &lp, const device::VirtualChip &chip,
                       TileWords &words) {
  const mapping::Mapping &m = plan.image->mapping;
  LayerBinding b;
  b.noise.reads = lp.positions * lp.planes;
  std::vector<TileScan> scans; // the scanned words, alive until packed
  for (int t : lp.tiles)
    scans.push_back(scanTile(lp.kind != LayerPlan::Kind::Binary, lp.slot, m.tiles[size_t(t)],
                             chip.tiles[size_t(t)], m.wordsPerRow(), b.noise));
  for (size_t i = 0; i < lp.tiles.size(); ++i)
    words[size_t(lp.tiles[i])] = scans[i].words.data();
  b.weights = packWeights(plan, lp, words);
  finishBinding(scans, b);
  return b;
}

} // namespace

} // namespace detail

std::shared_ptr<const ChipBinding> bind(const Plan &plan, const device::VirtualChip &chip) {
  assert(chip.tiles.size() == plan.image->mapping.tiles.size());
  auto binding = std::make_shared<ChipBinding>();
  detail::TileWords words(chip.tiles.size(), nullptr);
  for (const detail::LayerPlan &lp : plan.layers)
    binding->layers.push_back(detail::bindLayer(plan, lp, chip, words));
  return binding;
}

} // namespace bnnc::emulator
