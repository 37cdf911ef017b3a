// Writing a float32 matrix as .npy format version 1.0.
#include "bnnc/data/dataset.h"

#include <bit>
#include <cassert>
#include <ostream>

namespace bnnc::data {

void writeNpyF32(std::ostream &out, std::span<const float> values, int64_t rows, int64_t cols) {
  assert(rows >= 0 && cols >= 0 && int64_t(values.size()) == rows * cols);
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) +
                     ", " + std::to_string(cols) + "), }";
  // Magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64 bytes, so
  // the data starts aligned (numpy pads the same way).
  size_t total = 10 + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  std::string header = dict + std::string(padded - total, ' ') + '\n';
  assert(header.size() <= 0xffff);

  out.write("\x93NUMPY\x01\x00", 8);
  char len[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
  out.write(len, 2);
  out.write(header.data(), std::streamsize(header.size()));
  // Each float as its IEEE-754 bit pattern, least significant byte first.
  std::string data(values.size() * 4, '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits = std::bit_cast<uint32_t>(values[i]);
    for (int k = 0; k < 4; ++k)
      data[4 * i + k] = char((bits >> (8 * k)) & 0xff);
  }
  out.write(data.data(), std::streamsize(data.size()));
}

} // namespace bnnc::data
