// Pooling and +-1 outputs on the pixel layout (see pool.h).
#include "pool.h"

#include "bits.h"

namespace bnnc::emulator::detail {

namespace {

// The channel bits of word j of a pixel: all 64, or the first cout % 64 of the last word.
uint64_t channelMask(int64_t cout, int64_t j) {
  int64_t left = cout - 64 * j;
  return left >= 64 ? ~uint64_t(0) : (uint64_t(1) << left) - 1;
}

} // namespace

void poolPixels(const ir::Layer &layer, const uint64_t *or_mask, const uint64_t *conv,
                uint64_t *out) {
  const ir::Pooling &pl = layer.pool;
  int64_t ih = layer.geom.oh, iw = layer.geom.ow, cw = pixelWords(layer.geom.cout);
  for (int64_t py = 0; py < pl.oh; ++py)
    for (int64_t px = 0; px < pl.ow; ++px)
      for (int64_t j = 0; j < cw; ++j) {
        // OR starts from 0 and AND from all ones, their identities.
        uint64_t any = 0, all = ~uint64_t(0);
        forEachWindowPixel(pl, ih, iw, py, px, [&](int64_t pixel) {
          uint64_t v = conv[pixel * cw + j];
          any |= v;
          all &= v;
        });
        uint64_t pooled = (any & or_mask[j]) | (all & ~or_mask[j]);
        out[(py * pl.ow + px) * cw + j] = pooled & channelMask(layer.geom.cout, j);
      }
}

void bitsToFloats(const Layout &layout, const uint64_t *bits, float *out) {
  for (int64_t c = 0; c < layout.channels; ++c)
    for (int64_t p = 0; p < layout.pixels; ++p)
      out[c * layout.pixels + p] =
          testBit(bits, c * layout.cstride + p * layout.pstride) ? 1.0f : -1.0f;
}

} // namespace bnnc::emulator::detail
