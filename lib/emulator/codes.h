// Multi-bit activations between layers (docs/emulator.md, "Multi-bit layers"): a threshold layer
// of output_bits > 1 gives each channel a code q, the number of its comparators that pass
// (KernelSet::codes); the next layer reads the codes as it reads a bit-serial input. Codes lie
// channels innermost, each pixel on whole words, `unit` bytes each (1, or 4 for a next layer on the
// wide path).
#pragma once

#include "layout.h"

#include <cstdint>
#include <cstring>

namespace bnnc::emulator::detail {

// Words of one pixel's codes: its channels rounded up to whole quads of units, as the kernels
// read a row (4 * kquads units), so that a layer reading a one-pixel buffer as its row directly
// reads nothing past it (32-bit units: 5 channels take 4 words, not 3).
int64_t codePixelWords(int64_t channels, int64_t unit);
// Element (c, p) at unit p * pstride + c, pstride = 8 * codePixelWords / unit; units c >= C of
// a pixel stay 0.
Layout codeLayout(int64_t channels, int64_t pixels, int64_t unit);

inline uint32_t loadCode(const unsigned char *codes, int64_t unit, int64_t i) {
  if (unit == 1)
    return codes[i];
  uint32_t v;
  std::memcpy(&v, codes + 4 * i, 4);
  return v;
}

inline void storeCode(unsigned char *codes, int64_t unit, int64_t i, uint32_t v) {
  if (unit == 1)
    codes[i] = static_cast<unsigned char>(v);
  else
    std::memcpy(codes + 4 * i, &v, 4);
}

// Max pooling of one sample's codes (geom.oh x geom.ow pixels of codePixelWords words): per
// channel the largest (use_or) or the smallest code of the window, padded window positions
// ignored; a window wholly in the padding gives 0 or the top code, levelCount().
void poolCodes(const ir::Layer &layer, int64_t unit, const uint64_t *conv, uint64_t *out);

// A last layer's codes as the model's values output_lo + output_step * q, in C x H x W order.
void codesToFloats(const ir::Layer &layer, const Layout &layout, int64_t unit,
                   const uint64_t *codes, float *out);

} // namespace bnnc::emulator::detail
