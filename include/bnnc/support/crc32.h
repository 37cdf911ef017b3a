#pragma once
#include <cstddef>
#include <cstdint>

namespace bnnc {
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32).
uint32_t crc32(const uint8_t *data, size_t size, uint32_t crc = 0);
} // namespace bnnc
