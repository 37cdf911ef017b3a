// Layouts, fan-in slots and gather runs (see layout.h).
#include "layout.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace bnnc::emulator::detail {

Layout flatLayout(int64_t channels, int64_t pixels) {
  return {channels, pixels, pixels, 1, channels * pixels};
}

int64_t pixelWords(int64_t channels) { return (channels + 63) / 64; }

Layout pixelLayout(int64_t channels, int64_t pixels) {
  int64_t pstride = 64 * pixelWords(channels);
  return {channels, pixels, 1, pstride, pixels * pstride};
}

namespace {

bool isDense(const ir::ConvGeometry &g) { return g.ih * g.iw * g.kh * g.kw == 1; }

} // namespace

std::vector<int64_t> fanInSlots(const ir::ConvGeometry &g, const Layout &in) {
  int64_t n = g.fanIn();
  std::vector<int64_t> slot(static_cast<size_t>(n));
  if (isDense(g)) {
    // Element k is flattened element k of the source: rank the elements by their unit, so that
    // the row keeps the buffer's order (and is the buffer itself when the buffer has no gaps).
    std::vector<int64_t> by_unit(slot.size());
    std::iota(by_unit.begin(), by_unit.end(), 0);
    std::sort(by_unit.begin(), by_unit.end(),
              [&in](int64_t a, int64_t b) { return in.unitOf(a) < in.unitOf(b); });
    for (int64_t r = 0; r < n; ++r)
      slot[size_t(by_unit[size_t(r)])] = r;
    return slot;
  }
  bool channels_inner = in.cstride == 1 && in.channels == g.cin && in.pixels == g.ih * g.iw;
  for (int64_t c = 0; c < g.cin; ++c)
    for (int64_t ky = 0; ky < g.kh; ++ky)
      for (int64_t kx = 0; kx < g.kw; ++kx) {
        // Channels innermost, as the buffer holds them: a tap's channels are one run.
        int64_t k = (c * g.kh + ky) * g.kw + kx;
        slot[size_t(k)] = channels_inner ? (ky * g.kw + kx) * g.cin + c : k;
      }
  return slot;
}

namespace {

// The unit that element k reads at output position (oy, ox), or -1 in the padding:
// y = oy * sh - pad_top + ky * dh, x = ox * sw - pad_left + kx * dw, flattened (c * ih + y) * iw
// + x as the previous layer's output is flattened.
int64_t sourceUnit(const ir::ConvGeometry &g, const Layout &in, int64_t k, int64_t oy, int64_t ox) {
  int64_t c = k / (g.kh * g.kw), ky = k / g.kw % g.kh, kx = k % g.kw;
  int64_t y = oy * g.sh - g.pad_top + ky * g.dh, x = ox * g.sw - g.pad_left + kx * g.dw;
  if (y < 0 || y >= g.ih || x < 0 || x >= g.iw)
    return -1;
  return in.unitOf((c * g.ih + y) * g.iw + x);
}

} // namespace

Gather buildGather(const ir::ConvGeometry &g, const Layout &in, const std::vector<int64_t> &slot) {
  // The elements in slot order, so that consecutive slots reading consecutive units merge.
  std::vector<int64_t> by_slot(slot.size());
  std::iota(by_slot.begin(), by_slot.end(), 0);
  std::sort(by_slot.begin(), by_slot.end(),
            [&slot](int64_t a, int64_t b) { return slot[size_t(a)] < slot[size_t(b)]; });
  Gather gather;
  gather.begin.push_back(0);
  for (int64_t oy = 0; oy < g.oh; ++oy)
    for (int64_t ox = 0; ox < g.ow; ++ox) {
      size_t first = gather.runs.size();
      for (int64_t k : by_slot) {
        int64_t src = sourceUnit(g, in, k, oy, ox), dst = slot[size_t(k)];
        if (src < 0)
          continue;
        Run *last = gather.runs.size() > first ? &gather.runs.back() : nullptr;
        if (last && last->src + last->len == src && last->dst + last->len == dst)
          ++last->len;
        else
          gather.runs.push_back({src, dst, 1});
      }
      gather.begin.push_back(int64_t(gather.runs.size()));
    }
  const std::vector<Run> &r = gather.runs;
  gather.direct = g.positions() == 1 && r.size() == 1 && r[0].src == 0 && r[0].dst == 0 &&
                  r[0].len == g.fanIn();
  return gather;
}

} // namespace bnnc::emulator::detail
