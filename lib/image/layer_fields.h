// The geometry and pooling fields of a LAYR entry: their order on disk and their validation.
#pragma once

#include "bnnc/ir/program.h"
#include "bytes.h"

#include <array>

namespace bnnc::image {

// ConvGeometry as 16 i64, in this order.
constexpr std::array<const char *, 16> kGeometryFields = {
    "cin", "ih", "iw", "cout", "oh",      "ow",       "kh",         "kw",
    "sh",  "sw", "dh", "dw",   "pad_top", "pad_left", "pad_bottom", "pad_right"};
// Pooling after its u8 `enabled` as 12 i64, in this order.
constexpr std::array<const char *, 12> kPoolingFields = {
    "kh",      "kw",       "sh",         "sw",        "dh", "dw",
    "pad_top", "pad_left", "pad_bottom", "pad_right", "oh", "ow"};

void writeGeometry(ByteWriter &w, const ir::ConvGeometry &g);
void writePooling(ByteWriter &w, const ir::Pooling &p);

// Reads and checks a convolution geometry: every value in range, oh and ow as the kernel, pads,
// dilations and strides give them, and counts small enough for 64-bit costs. `label` names the
// layer in messages ("layer 'conv1'").
ir::ConvGeometry readGeometry(SectionReader &r, const std::string &label);
// Reads the pooling fields (after `enabled`); when enabled, checks them against the layer's
// output size geom.oh x geom.ow.
void readPooling(SectionReader &r, ir::Pooling &pool, const ir::ConvGeometry &geom,
                 const std::string &label);

} // namespace bnnc::image
