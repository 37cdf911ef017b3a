// The container layer of the chip image: header, section table and aligned sections, without
// knowing what the sections hold. writeImage uses it; tests use it to build images with unknown,
// missing or reordered sections and other format versions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bnnc/image/image.h"

namespace bnnc::image {

struct Section {
  std::string tag; // exactly 4 ASCII characters
  uint32_t flags = kFlagRequired;
  std::vector<uint8_t> bytes;
};

// Lays the sections out in the given order at 64-byte aligned offsets after the header and the
// section table, with zero padding between them, and fills in sizes, CRCs and the header CRC.
std::vector<uint8_t> assembleImage(const std::vector<Section> &sections,
                                   uint16_t major = kVersionMajor, uint16_t minor = kVersionMinor);

} // namespace bnnc::image
