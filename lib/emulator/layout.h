// Where activations lie in a sample's buffer, the order of a layer's packed fan-in, and the runs
// of consecutive units that assemble one output position's receptive field (its row) from the
// buffer: the indirection table of a layer (docs/emulator.md, "Gathering a receptive field").
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

// A C x H x W tensor in one sample's buffer: element (c, p), p = y * W + x, is unit
// c * cstride + p * pstride (a unit is a bit, or a byte for quantized inputs).
struct Layout {
  int64_t channels = 0, pixels = 0;
  int64_t cstride = 0, pstride = 0;
  int64_t units = 0; // of one sample's buffer
  // The unit of flattened element e = c * pixels + p (ONNX's Flatten order).
  int64_t unitOf(int64_t e) const { return (e / pixels) * cstride + (e % pixels) * pstride; }
};

// The input stage's order: element e at unit e.
Layout flatLayout(int64_t channels, int64_t pixels);
// Channels innermost, each pixel on whole words: element (c, p) at bit p * 64 * cw + c, with
// cw = ceil(C / 64) words per pixel; bits c >= C of a pixel stay 0.
Layout pixelLayout(int64_t channels, int64_t pixels);
int64_t pixelWords(int64_t channels);

// `len` units from unit `src` of the buffer go to unit `dst` of the row.
struct Run {
  int64_t src = 0, dst = 0, len = 0;
};

struct Gather {
  bool direct = false;        // the row is the sample's buffer itself (nothing is copied)
  std::vector<Run> runs;      // the runs of position pos are runs[begin[pos] .. begin[pos+1])
  std::vector<int64_t> begin; // [positions + 1]
};

// slot[k]: the unit of the row that holds fan-in element k = (c * kh + ky) * kw + kx. Units of
// the row that no element holds (a dense layer's gaps, the rounding to whole words) stay 0.
std::vector<int64_t> fanInSlots(const ir::ConvGeometry &g, const Layout &in);

// The runs of every output position: elements in the padding get none (their units stay 0).
Gather buildGather(const ir::ConvGeometry &g, const Layout &in, const std::vector<int64_t> &slot);

} // namespace bnnc::emulator::detail
