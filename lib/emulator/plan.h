// What runChip precomputes once per chip image: for every layer, where each fan-in element of
// each output position reads from (the im2col index table), how the gathered bits are laid out
// to line up with the tiles' columns, the validity masks, and the layer's tiles (their stored
// cells; runChip points them at a virtual chip's sensed cells instead).
#pragma once

#include "bnnc/image/image.h"

#include <cstdint>
#include <vector>

namespace bnnc::emulator::detail {

struct TileNoise; // read_noise.h

// The im2col index table of a layer: entry [pos][k] is the input index (c * ih + y) * iw + x
// read by fan-in element k = (c * kh + ky) * kw + kx at output position pos = oy * ow + ox, where
// y = oy * sh - pad_top + ky * dh and x = ox * sw - pad_left + kx * dw; -1 when (y, x) falls in
// the padding.
std::vector<int32_t> fieldTable(const ir::ConvGeometry &g);

struct LayerPlan {
  const ir::Layer *layer = nullptr;
  int64_t fan_in = 0, positions = 0, cout = 0;
  int64_t row_blocks = 0, col_blocks = 0;
  int64_t wpr = 0;    // 64-bit words per tile row
  int64_t stride = 0; // words of one gathered vector: col_blocks * wpr
  // The gathered vector mirrors the tiles' columns: fan-in k sits in column block k / C at
  // column k % C, i.e. at bit dest[k] = (k / C) * 64 * wpr + k % C (C = tile columns), so that
  // the words of block cb line up with the cell words of that block's tiles.
  std::vector<uint32_t> dest;  // [fan_in]
  std::vector<int32_t> source; // [positions][fan_in], see fieldTable
  std::vector<uint64_t> mask;  // [positions][stride]: bit set where the fan-in is a real input
  std::vector<int32_t> keff;   // [positions]: number of real inputs (set bits of the mask)
  std::vector<const mapping::Tile *> tiles; // [row_blocks][col_blocks], as placed
  // Per tile: the cell words the chip reads (the stored cells on the ideal chip, a virtual
  // chip's sensed cells otherwise) and the read noise of a virtual chip's tile (else null).
  std::vector<const uint64_t *> words;
  std::vector<const TileNoise *> noise;
  bool noisy = false; // some tile has read noise: the kernels draw read flips
};

LayerPlan planLayer(const image::ChipImage &image, int index);

} // namespace bnnc::emulator::detail
