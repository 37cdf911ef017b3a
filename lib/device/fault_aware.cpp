// Fault-aware mapping: alternating row and column assignments that minimize the expected wrong
// cells of each tile on a chip's stuck devices.
#include "bnnc/device/fault_aware.h"
#include "assignment.h"

#include <numeric>

namespace bnnc::device {

namespace {

// Resistance order of a device's state: LRS < HRS < pristine (never formed); a working device
// has the state it was programmed to.
int level(const FaultMap::Entry *f, bool lrs) {
  if (!f)
    return lrs ? 0 : 1;
  return f->kind == FaultKind::StuckLrs ? 0 : f->kind == FaultKind::StuckHrs ? 1 : 2;
}

// The stuck devices of one physical cell of a tile.
struct FaultyCell {
  int64_t row = 0, col = 0;
  const FaultMap::Entry *device[2] = {nullptr, nullptr};
};

std::vector<FaultyCell> faultyCells(const FaultMap &faults, int64_t tile) {
  std::vector<FaultyCell> cells;
  auto [first, last] = faults.tile(tile);
  for (const FaultMap::Entry *e = first; e != last; ++e) {
    if (cells.empty() || cells.back().row != e->row || cells.back().col != e->col)
      cells.push_back({e->row, e->col, {nullptr, nullptr}});
    cells.back().device[e->device] = e;
  }
  return cells;
}

// One tile's placement: logical -> physical rows and columns, and the inverses.
struct Placement {
  std::vector<int> row, col;       // [logical] -> physical
  std::vector<int> row_of, col_of; // [physical] -> logical, -1 when unused
  void invert(int64_t rows, int64_t cols) {
    row_of.assign(size_t(rows), -1);
    col_of.assign(size_t(cols), -1);
    for (size_t r = 0; r < row.size(); ++r)
      row_of[size_t(row[r])] = int(r);
    for (size_t c = 0; c < col.size(); ++c)
      col_of[size_t(col[c])] = int(c);
  }
};

class TileMapper {
public:
  TileMapper(const mapping::Mapping &m, const mapping::Tile &tile, std::vector<FaultyCell> cells,
             int64_t spare)
      : m_(m), tile_(tile), cells_(std::move(cells)), phys_cols_(m.arch.tile_cols + spare) {
    p_.row.resize(size_t(m.arch.tile_rows));
    p_.col.resize(size_t(m.arch.tile_cols));
    std::iota(p_.row.begin(), p_.row.end(), 0);
    std::iota(p_.col.begin(), p_.col.end(), 0);
    p_.invert(m.arch.tile_rows, phys_cols_);
  }

  double harm() const {
    double h = 0;
    for (const FaultyCell &f : cells_)
      h += cellHarm(p_.row_of[size_t(f.row)], p_.col_of[size_t(f.col)], f);
    return h;
  }

  // Columns, then rows, each optimal for the other, while the harm falls.
  void improve() {
    for (double before = harm(); before > 0;) {
      assignColumns();
      assignRows();
      double after = harm();
      if (!(after < before - 1e-12))
        break;
      before = after;
    }
  }

  const Placement &placement() const { return p_; }

private:
  double cellHarm(int r, int c, const FaultyCell &f) const {
    if (r < 0 || c < 0 || r >= tile_.rows || c >= tile_.cols)
      return 0; // no weight is stored there
    return faultHarm(m_.cell(tile_, r, c), f.device[0], f.device[1]);
  }

  // cost[c][pc]: the harm of logical column c on physical column pc, rows as placed.
  void assignColumns() {
    std::vector<std::vector<double>> cost(p_.col.size(), std::vector<double>(size_t(phys_cols_)));
    for (const FaultyCell &f : cells_)
      for (size_t c = 0; c < p_.col.size(); ++c)
        cost[c][size_t(f.col)] += cellHarm(p_.row_of[size_t(f.row)], int(c), f);
    std::vector<int> col = solveAssignment(cost);
    if (total(cost, col) < total(cost, p_.col) - 1e-12) // keep the placement on ties
      p_.col = col;
    p_.invert(m_.arch.tile_rows, phys_cols_);
  }

  // cost[r][pr]: the harm of logical row r on physical row pr, columns as placed.
  void assignRows() {
    std::vector<std::vector<double>> cost(p_.row.size(), std::vector<double>(p_.row.size()));
    for (const FaultyCell &f : cells_)
      for (size_t r = 0; r < p_.row.size(); ++r)
        cost[r][size_t(f.row)] += cellHarm(int(r), p_.col_of[size_t(f.col)], f);
    std::vector<int> row = solveAssignment(cost);
    if (total(cost, row) < total(cost, p_.row) - 1e-12)
      p_.row = row;
    p_.invert(m_.arch.tile_rows, phys_cols_);
  }

  static double total(const std::vector<std::vector<double>> &cost, const std::vector<int> &to) {
    double t = 0;
    for (size_t i = 0; i < to.size(); ++i)
      t += cost[i][size_t(to[i])];
    return t;
  }

  const mapping::Mapping &m_;
  const mapping::Tile &tile_;
  std::vector<FaultyCell> cells_;
  int64_t phys_cols_;
  Placement p_;
};

} // namespace

// The pair reads 1 when device 0 conducts more (lower level), 0 when device 1 does, and either
// with probability 1/2 when both sit at the same level.
double faultHarm(bool bit, const FaultMap::Entry *f0, const FaultMap::Entry *f1) {
  int l0 = level(f0, bit), l1 = level(f1, !bit);
  if (l0 == l1)
    return 0.5;
  return (l0 < l1) == bit ? 0.0 : 1.0;
}

mapping::CellMap faultAwareCellMap(const image::ChipImage &image, const FaultMap &faults,
                                   int64_t spare_cols, FaultAwareReport &report) {
  const mapping::Mapping &m = image.mapping;
  mapping::CellMap map;
  map.spare_cols = spare_cols;
  for (size_t t = 0; t < m.tiles.size(); ++t) {
    std::vector<FaultyCell> cells = faultyCells(faults, int64_t(t));
    report.faulty_cells += int64_t(cells.size());
    TileMapper mapper(m, m.tiles[t], std::move(cells), spare_cols);
    double before = mapper.harm();
    mapper.improve();
    report.harm_identity += before;
    report.harm_mapped += mapper.harm();
    const Placement &p = mapper.placement();
    std::vector<uint32_t> rows(p.row.begin(), p.row.end()), cols(p.col.begin(), p.col.end());
    bool moved = false;
    for (size_t i = 0; i < rows.size(); ++i)
      moved = moved || rows[i] != i;
    for (size_t c = 0; c < cols.size(); ++c) {
      moved = moved || cols[c] != c;
      report.spare_cols_used +=
          int64_t(c) < m.tiles[t].cols && int64_t(cols[c]) >= m.arch.tile_cols;
    }
    report.tiles_remapped += moved;
    map.rows.push_back(std::move(rows));
    map.cols.push_back(std::move(cols));
  }
  return map;
}

} // namespace bnnc::device
