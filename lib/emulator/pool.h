// Max pooling on output bits in the pixel layout (layout.h), and the last layer's bits as the
// model's +-1 outputs.
#pragma once

#include "layout.h"

#include <cstdint>

namespace bnnc::emulator::detail {

// Calls f(pixel) for each element of pooling window (py, px) that lies inside the ih x iw input,
// pixel = y * iw + x: element (ky, kx) reads (py * sh - pad_top + ky * dh, px * sw - pad_left +
// kx * dw); elements in the padding are skipped.
template <class F>
void forEachWindowPixel(const ir::Pooling &pl, int64_t ih, int64_t iw, int64_t py, int64_t px,
                        F f) {
  for (int64_t ky = 0; ky < pl.kh; ++ky)
    for (int64_t kx = 0; kx < pl.kw; ++kx) {
      int64_t y = py * pl.sh - pl.pad_top + ky * pl.dh;
      int64_t x = px * pl.sw - pl.pad_left + kx * pl.dw;
      if (y >= 0 && y < ih && x >= 0 && x < iw)
        f(y * iw + x);
    }
}

// Pools one sample's conv output (geom.oh x geom.ow pixels of pixelWords(cout) words) into
// pool.oh x pool.ow pixels: per channel the OR (bit set in or_mask) or the AND of the window's
// bits, window positions in the padding ignored. A window lying wholly in the padding gives the
// empty OR (0) or the empty AND (1), as max pooling over -inf would before the threshold.
void poolPixels(const ir::Layer &layer, const uint64_t *or_mask, const uint64_t *conv,
                uint64_t *out);

// The bits of `layout` as +1.0 / -1.0 in C x H x W order.
void bitsToFloats(const Layout &layout, const uint64_t *bits, float *out);

} // namespace bnnc::emulator::detail
