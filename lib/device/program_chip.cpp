// programChip: every used cell of every tile (and its check-bit cells) programmed and sensed
// once without read noise; tiles in parallel, each with its own random streams.
#include "bnnc/device/ecc.h"
#include "bnnc/device/virtual_chip.h"
#include "bnnc/support/parallel.h"
#include "cell_program.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <optional>

namespace bnnc::device {

namespace {

constexpr double kRiskThreshold = 1e-12; // flips less likely than this count as never

struct TileResult {
  ProgrammedTile tile;
  int64_t static_errors = 0, used_cells = 0, check_cells = 0;
  ProgrammingStats stats;
};

void addStats(ProgrammingStats &into, const ProgrammingStats &s) {
  into.pulses += s.pulses;
  into.sets += s.sets;
  into.resets += s.resets;
  into.verify_reads += s.verify_reads;
  into.failed_devices += s.failed_devices;
  into.stuck_devices += s.stuck_devices;
  into.worn_devices += s.worn_devices;
}

// What programming a chip needs besides its tile index.
struct ChipContext {
  const image::ChipImage &image;
  const Physics &phys;
  uint64_t seed;
  const FaultMap *faults;
  std::optional<EccEncoder> ecc;
};

// A cell as read without noise: the bit its sense amplifier decides and its flip risks.
struct SensedCell {
  bool wrong = false;
  double p_run = 0, p_read = 0;
};

// The programming of a chip at age N is its N-th: the same devices (per chip streams), new
// cycle-to-cycle draws. The key takes the bits of N, so that every age has its own stream.
uint64_t programmingIndex(double cycles) { return std::bit_cast<uint64_t>(cycles); }

class TileProgrammer {
public:
  TileProgrammer(const ChipContext &ctx, int index)
      : ctx_(ctx), index_(uint64_t(index)), tile_(ctx.image.mapping.tiles[size_t(index)]),
        rng_(streamKey(ctx.seed,
                       {kProgramStream, index_, programmingIndex(ctx.phys.env().cycles)})) {
    const DeviceModel &m = ctx.phys.model();
    ln_ref_ = ctx.phys.lnReference();
    if (m.reference.trim == DeviceModel::Reference::Trim::Array)
      ln_ref_ += m.reference.sigma * Rng(streamKey(ctx.seed, {kReferenceStream, index_})).normal();
    if (ctx.image.cell_map) {
      rows_ = &ctx.image.cell_map->rows[size_t(index)];
      cols_ = &ctx.image.cell_map->cols[size_t(index)];
    }
  }

  TileResult run() {
    const int64_t words = ctx_.image.mapping.wordsPerRow();
    result_.tile.sensed.assign(tile_.cells.size(), 0);
    for (int64_t c = 0; c < tile_.cols; ++c)
      offsets_.push_back(offset(kColumnStream, physicalCol(c)));
    for (int64_t r = 0; r < tile_.rows; ++r) {
      std::vector<SensedCell> row = programRow(r);
      for (int64_t c = 0; c < tile_.cols; ++c) {
        bool bit = ctx_.image.mapping.cell(tile_, r, c), sensed = bit != row[size_t(c)].wrong;
        result_.tile.sensed[size_t(r * words + c / 64)] |= uint64_t(sensed) << (c % 64);
        result_.static_errors += row[size_t(c)].wrong;
        // Row-major loop: the lists come out sorted by row, then column.
        if (row[size_t(c)].p_read >= kRiskThreshold)
          result_.tile.risky.push_back({uint32_t(r), uint32_t(c), row[size_t(c)].p_read});
        if (row[size_t(c)].p_run >= kRiskThreshold)
          result_.tile.held.push_back({uint32_t(r), uint32_t(c), row[size_t(c)].p_run});
      }
    }
    result_.used_cells = tile_.rows * tile_.cols;
    return std::move(result_);
  }

private:
  int64_t physicalRow(int64_t r) const { return rows_ ? int64_t((*rows_)[size_t(r)]) : r; }
  int64_t physicalCol(int64_t c) const { return cols_ ? int64_t((*cols_)[size_t(c)]) : c; }

  double offset(StreamTag tag, int64_t col) const {
    return ctx_.phys.model().sense_offset_sigma *
           Rng(streamKey(ctx_.seed, {tag, index_, uint64_t(col)})).normal();
  }

  // Programs one cell on the devices of `key` and senses it with the column offset `off`.
  SensedCell cell(bool bit, uint64_t key, double off, const FaultMap::Entry *const found[2]) {
    DeviceDraws devices[2];
    drawCellDevices(ctx_.phys.model(), Rng(key), devices);
    if (ctx_.faults)
      applyFaults(found, devices);
    CellOutcome out =
        programCell(ctx_.phys, rng_, bit, devices, ctx_.phys.lnReferenceAtProgramming());
    addStats(result_.stats, out.stats);
    // Without read noise the PCSA reads bit 1 exactly when z0 > 0 (a tie reads 0).
    double z0 = ctx_.phys.margin(out.ln_r[0], out.ln_r[1], off, ln_ref_);
    FlipRisk risk = Physics::flipRisk(
        z0, ctx_.phys.noise(out.state[0], out.ln_r[0], out.state[1], out.ln_r[1]));
    return {(z0 > 0) != bit, risk.p_run, risk.p_read};
  }

  std::vector<SensedCell> programRow(int64_t r) {
    const int64_t pr = physicalRow(r);
    std::vector<SensedCell> row;
    for (int64_t c = 0; c < tile_.cols; ++c) {
      const int64_t pc = physicalCol(c);
      const FaultMap::Entry *found[2] = {nullptr, nullptr};
      for (int d = 0; d < 2 && ctx_.faults; ++d)
        found[d] = ctx_.faults->find(int64_t(index_), pr, pc, d);
      uint64_t key = streamKey(ctx_.seed, {kDeviceStream, index_, uint64_t(pr), uint64_t(pc)});
      row.push_back(cell(ctx_.image.mapping.cell(tile_, r, c), key, offsets_[size_t(c)], found));
    }
    if (ctx_.ecc)
      decodeRow(r, pr, row);
    return row;
  }

  // Words of k data cells, each followed by its check cells, programmed after the row's data
  // cells; the decoder's view replaces the data cells'. Check column j of word w is
  // w * check_bits + j, in a bank beside the tile's columns (its faults are drawn, not mapped).
  void decodeRow(int64_t r, int64_t pr, std::vector<SensedCell> &row) {
    const EccLayout &l = ctx_.ecc->layout();
    for (int64_t w = 0; w * l.data_bits < tile_.cols; ++w) {
      int64_t first = w * l.data_bits, n = std::min<int64_t>(l.data_bits, tile_.cols - first);
      std::vector<uint8_t> data;
      std::vector<WordCell> word;
      for (int64_t c = first; c < first + n; ++c) {
        data.push_back(ctx_.image.mapping.cell(tile_, r, c));
        word.push_back({row[size_t(c)].wrong, row[size_t(c)].p_run, row[size_t(c)].p_read});
      }
      std::vector<uint8_t> check = ctx_.ecc->checkBits(data);
      const FaultMap::Entry *none[2] = {nullptr, nullptr};
      for (size_t j = 0; j < check.size(); ++j) {
        uint64_t col = uint64_t(w) * check.size() + j;
        uint64_t key = streamKey(ctx_.seed, {kCheckDeviceStream, index_, uint64_t(pr), col});
        SensedCell s = cell(check[j], key, offset(kCheckColumnStream, int64_t(col)), none);
        word.push_back({s.wrong, s.p_run, s.p_read});
        ++result_.check_cells;
      }
      std::vector<WordCell> decoded = decodeWord(word, int(n), l.t);
      for (int64_t i = 0; i < n; ++i)
        row[size_t(first + i)] = {decoded[size_t(i)].wrong, decoded[size_t(i)].p_run,
                                  decoded[size_t(i)].p_read};
    }
  }

  const ChipContext &ctx_;
  const uint64_t index_;
  const mapping::Tile &tile_;
  Rng rng_;
  double ln_ref_ = 0;
  const std::vector<uint32_t> *rows_ = nullptr, *cols_ = nullptr;
  std::vector<double> offsets_;
  TileResult result_;
};

} // namespace

VirtualChip programChip(const image::ChipImage &image, const DeviceModel &model,
                        const Environment &env, uint64_t seed, int threads,
                        const FaultMap *faults) {
  const Physics phys(model, env);
  ChipContext ctx{image, phys, seed, faults, std::nullopt};
  if (model.ecc.code != DeviceModel::Ecc::Code::None)
    ctx.ecc.emplace(model.ecc);
  const int tiles = int(image.mapping.tiles.size());
  std::vector<TileResult> results(static_cast<size_t>(tiles));
  // Workers take tiles in turn; each tile's result depends only on (seed, tile), so the
  // assignment of tiles to threads does not matter.
  std::atomic<int> next{0};
  auto work = [&] {
    for (int i = next++; i < tiles; i = next++)
      results[size_t(i)] = TileProgrammer(ctx, i).run();
  };
  int workers = std::clamp(threads, 1, std::max(tiles, 1));
  runParallel(workers, [&](int) { work(); });

  VirtualChip chip;
  for (TileResult &r : results) {
    chip.tiles.push_back(std::move(r.tile));
    chip.static_errors += r.static_errors;
    chip.used_cells += r.used_cells;
    chip.check_cells += r.check_cells;
    addStats(chip.programming, r.stats);
  }
  return chip;
}

} // namespace bnnc::device
