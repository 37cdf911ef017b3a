// Bit fields at arbitrary offsets of packed words (bit i of a buffer is bit i % 64 of word
// i / 64): what the gathers and the weight packing copy.
#pragma once

#include <cstdint>

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

// ORs `len` bits from bit `from` of src into dst from bit `to`, 64 at a time.
inline void copyBits(const uint64_t *src, int64_t from, uint64_t *dst, int64_t to, int64_t len) {
  for (int64_t off = 0; off < len; off += 64) {
    int n = len - off >= 64 ? 64 : int(len - off);
    orBits(dst, to + off, loadBits(src, from + off, n), n);
  }
}

inline bool testBit(const uint64_t *words, int64_t i) { return (words[i / 64] >> (i % 64)) & 1; }

} // namespace bnnc::emulator::detail
