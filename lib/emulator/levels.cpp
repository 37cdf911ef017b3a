// Counting an input quantizer's levels (see levels.h).
#include "levels.h"

#include "codes.h"

#include <algorithm>

namespace bnnc::emulator::detail {

LevelTable deriveLevels(const ir::InputStage &in) {
  LevelTable table;
  table.t.assign(in.levels.size(), 0);
  table.sorted.assign(size_t(in.level_groups), 0);
  for (int64_t g = 0; g < in.level_groups; ++g) {
    const ir::Compare *c = &in.levels[size_t(g * in.level_count)];
    bool sorted = true;
    for (int64_t j = 0; j < in.level_count && sorted; ++j)
      sorted = c[j].kind == ir::Compare::Kind::Ge && c[j].t == c[j].t && // not NaN
               (j == 0 || c[j - 1].t <= c[j].t);
    table.sorted[size_t(g)] = sorted;
    for (int64_t j = 0; j < in.level_count; ++j)
      table.t[size_t(g * in.level_count + j)] = c[j].t;
  }
  return table;
}

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
        q = uint32_t(std::upper_bound(t, t + count, v) - t);
      storeCode(out, unit, i, q);
    }
  }
}

} // namespace bnnc::emulator::detail
