// Number formatting shared by the image module's messages and text outputs.
#pragma once

#include "bnnc/support/format.h"

#include <cstdint>
#include <string>

namespace bnnc::image {

using bnnc::formatDouble; // shortest text that reads back as the same double

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
