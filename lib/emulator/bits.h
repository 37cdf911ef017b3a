// Bit fields at arbitrary offsets of packed words (bit i of a buffer is bit i % 64 of word
// i / 64): what the gathers and the weight packing copy.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace bnnc::emulator::detail {

// The n (1..64) bits from bit `at`. Reads word at / 64, and the next one only when the field
// crosses into it.
inline uint64_t loadBits(const uint64_t *words, int64_t at, int n) {
  int64_t w = at / 64;
  int shift = int(at % 64);
  uint64_t v = words[w] >> shift;
  if (shift + n > 64)
    v |= words[w + 1] << (64 - shift);
  return n == 64 ? v : v & ((uint64_t(1) << n) - 1);
}

// ORs the n (1..64) low bits of v (the others 0) into the field at bit `at`.
inline void orBits(uint64_t *words, int64_t at, uint64_t v, int n) {
  int64_t w = at / 64;
  int shift = int(at % 64);
  words[w] |= v << shift;
  if (shift + n > 64)
    words[w + 1] |= v >> (64 - shift);
}

// ORs `len` bits from bit `from` of src into dst from bit `to`, 64 at a time; a field on whole
// bytes (the channels of a pixel, 8k of them) is copied as bytes instead (little-endian: bit i
// is bit i % 8 of byte i / 8), which must then be 0 in dst.
inline void copyBits(const uint64_t *src, int64_t from, uint64_t *dst, int64_t to, int64_t len) {
  if (std::endian::native == std::endian::little && ((from | to | len) & 7) == 0) {
    const auto *s = reinterpret_cast<const unsigned char *>(src) + from / 8;
    auto *d = reinterpret_cast<unsigned char *>(dst) + to / 8;
    int64_t n = len / 8;
    for (; n >= 8; n -= 8, s += 8, d += 8)
      std::memcpy(d, s, 8);
    for (int64_t piece : {4, 2, 1}) // fixed sizes: the copies compile to single moves
      if (n >= piece) {
        std::memcpy(d, s, size_t(piece));
        n -= piece, s += piece, d += piece;
      }
    return;
  }
  for (int64_t off = 0; off < len; off += 64) {
    int n = len - off >= 64 ? 64 : int(len - off);
    orBits(dst, to + off, loadBits(src, from + off, n), n);
  }
}

inline bool testBit(const uint64_t *words, int64_t i) { return (words[i / 64] >> (i % 64)) & 1; }

} // namespace bnnc::emulator::detail
