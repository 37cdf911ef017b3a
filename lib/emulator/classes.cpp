// Padding classes (see classes.h).
#include "classes.h"

#include <array>
#include <map>

namespace bnnc::emulator::detail {

namespace {

// The taps [first, last) of a window that fall inside an input of `size`: those with
// 0 <= start + t * dilation < size.
std::pair<int64_t, int64_t> insideTaps(int64_t start, int64_t taps, int64_t dilation,
                                       int64_t size) {
  int64_t first = 0, last = taps;
  while (first < taps && start + first * dilation < 0)
    ++first;
  while (last > first && start + (last - 1) * dilation >= size)
    --last;
  return {first, last};
}

void addClass(Classes &cls, const ir::ConvGeometry &g, const std::vector<int64_t> &slot,
              const std::array<int64_t, 4> &taps) {
  cls.valid.resize(size_t((cls.count + 1) * cls.words), 0);
  uint64_t *mask = &cls.valid[size_t(cls.count * cls.words)];
  int64_t keff = 0;
  for (int64_t c = 0; c < g.cin; ++c)
    for (int64_t ky = taps[0]; ky < taps[1]; ++ky)
      for (int64_t kx = taps[2]; kx < taps[3]; ++kx) {
        int64_t s = slot[size_t((c * g.kh + ky) * g.kw + kx)];
        mask[s / 64] |= uint64_t(1) << (s % 64);
        ++keff;
      }
  cls.keff.push_back(keff);
  ++cls.count;
}

} // namespace

Classes buildClasses(const ir::ConvGeometry &g, const std::vector<int64_t> &slot,
                     int64_t row_units) {
  Classes cls;
  cls.words = (row_units + 63) / 64;
  std::map<std::array<int64_t, 4>, int32_t> index; // inside taps (ky, kx ranges) -> class
  for (int64_t oy = 0; oy < g.oh; ++oy)
    for (int64_t ox = 0; ox < g.ow; ++ox) {
      auto [y0, y1] = insideTaps(oy * g.sh - g.pad_top, g.kh, g.dh, g.ih);
      auto [x0, x1] = insideTaps(ox * g.sw - g.pad_left, g.kw, g.dw, g.iw);
      std::array<int64_t, 4> taps = {y0, y1, x0, x1};
      auto [it, added] = index.emplace(taps, int32_t(cls.count));
      if (added)
        addClass(cls, g, slot, taps);
      cls.of.push_back(it->second);
    }
  return cls;
}

} // namespace bnnc::emulator::detail
