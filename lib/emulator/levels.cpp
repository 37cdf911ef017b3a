// Counting an input quantizer's levels (see levels.h).
#include "levels.h"

#include "codes.h"

#include <algorithm>
#include <cmath>

namespace bnnc::emulator::detail {

LevelTable deriveLevels(const ir::InputStage &in) {
  LevelTable table;
  table.t.assign(in.levels.size(), 0);
  table.sorted.assign(size_t(in.level_groups), 0);
  table.inv.assign(size_t(in.level_groups), 0);
  for (int64_t g = 0; g < in.level_groups; ++g) {
    const ir::Compare *c = &in.levels[size_t(g * in.level_count)];
    bool sorted = true;
    for (int64_t j = 0; j < in.level_count && sorted; ++j)
      sorted = c[j].kind == ir::Compare::Kind::Ge && std::isfinite(c[j].t) &&
               (j == 0 || c[j - 1].t <= c[j].t);
    table.sorted[size_t(g)] = sorted;
    for (int64_t j = 0; j < in.level_count; ++j)
      table.t[size_t(g * in.level_count + j)] = c[j].t;
    double span = c[in.level_count - 1].t - c[0].t;
    if (sorted && span > 0)
      table.inv[size_t(g)] = double(in.level_count - 1) / span;
  }
  return table;
}

namespace {

// #{j : t_j <= x} over `count` non-decreasing t, x not NaN: a few levels are counted without
// branches; more from the guess, then steps to the answer.
uint32_t countBelow(const double *t, int64_t count, double inv, double x) {
  if (count <= 16) {
    uint32_t q = 0;
    for (int64_t j = 0; j < count; ++j)
      q += t[j] <= x;
    return q;
  }
  double guess = std::clamp((x - t[0]) * inv + 1, 0.0, double(count)); // inf clamps too
  auto q = int64_t(guess);
  while (q < count && t[q] <= x)
    ++q;
  while (q > 0 && t[q - 1] > x)
    --q;
  return uint32_t(q);
}

} // namespace

void quantizeLevels(const ir::InputStage &in, const LevelTable &table, const float *x, int64_t n,
                    unsigned char *out, int64_t unit) {
  int64_t per = n / in.level_groups, count = in.level_count; // groups are runs of elements
  for (int64_t g = 0; g < in.level_groups; ++g) {
    const ir::Compare *c = &in.levels[size_t(g * count)];
    const double *t = &table.t[size_t(g * count)];
    for (int64_t i = g * per; i < (g + 1) * per; ++i) {
      double v = x[i];
      uint32_t q = 0;
      if (!table.sorted[size_t(g)])
        for (int64_t j = 0; j < count; ++j)
          q += c[j].eval(v);
      else if (v == v)
        q = countBelow(t, count, table.inv[size_t(g)], v);
      storeCode(out, unit, i, q);
    }
  }
}

} // namespace bnnc::emulator::detail
