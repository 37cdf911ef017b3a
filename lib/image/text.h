// Number formatting shared by the image module's messages and text outputs.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace bnnc::image {

// Shortest text that reads back as the same double ("2.5", "1e-07"); integral values below 1e15
// in full ("1000", "-3"), which is also what CSV readers expect.
inline std::string formatDouble(double v) {
  if (v == std::trunc(v) && std::fabs(v) < 1e15)
    return std::to_string(int64_t(v));
  char buf[32];
  auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

// "0x1c0": lower-case hexadecimal without leading zeros; `digits` pads to a fixed width.
inline std::string hex(uint64_t v, int digits = 1) {
  std::string s;
  do {
    s.insert(s.begin(), "0123456789abcdef"[v & 15]);
    v >>= 4;
  } while (v != 0 || int(s.size()) < digits);
  return "0x" + s;
}

} // namespace bnnc::image
