// Codes: layout, pooling and the model's values (see codes.h).
#include "codes.h"
#include "pool.h"

#include <algorithm>

namespace bnnc::emulator::detail {

int64_t codePixelWords(int64_t channels, int64_t unit) {
  return ((channels + 3) / 4 * 4 * unit + 7) / 8;
}

Layout codeLayout(int64_t channels, int64_t pixels, int64_t unit) {
  int64_t pstride = 8 * codePixelWords(channels, unit) / unit;
  return {channels, pixels, 1, pstride, pixels * pstride};
}

void poolCodes(const ir::Layer &layer, int64_t unit, const uint64_t *conv, uint64_t *out) {
  const ir::Pooling &pl = layer.pool;
  int64_t ih = layer.geom.oh, iw = layer.geom.ow, cout = layer.geom.cout;
  int64_t pixel = 8 * codePixelWords(cout, unit); // bytes
  const auto *in = reinterpret_cast<const unsigned char *>(conv);
  auto *to = reinterpret_cast<unsigned char *>(out);
  auto top = uint32_t(layer.levelCount());
  for (int64_t py = 0; py < pl.oh; ++py)
    for (int64_t px = 0; px < pl.ow; ++px) {
      unsigned char *o = to + (py * pl.ow + px) * pixel;
      std::fill(o, o + pixel, 0);
      for (int64_t c = 0; c < cout; ++c) {
        bool use_max = pl.use_or[size_t(c)];
        uint32_t v = use_max ? 0 : top;
        forEachWindowPixel(pl, ih, iw, py, px, [&](int64_t p) {
          uint32_t e = loadCode(in + p * pixel, unit, c);
          v = use_max ? std::max(v, e) : std::min(v, e);
        });
        storeCode(o, unit, c, v);
      }
    }
}

void codesToFloats(const ir::Layer &layer, const Layout &layout, int64_t unit,
                   const uint64_t *codes, float *out) {
  const auto *in = reinterpret_cast<const unsigned char *>(codes);
  for (int64_t c = 0; c < layout.channels; ++c)
    for (int64_t p = 0; p < layout.pixels; ++p) {
      uint32_t q = loadCode(in, unit, c * layout.cstride + p * layout.pstride);
      out[c * layout.pixels + p] = float(layer.output_lo + layer.output_step * double(q));
    }
}

} // namespace bnnc::emulator::detail
