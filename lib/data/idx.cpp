// IDX files (the MNIST "-ubyte" format): a 4-byte magic 00 00 TT NN (TT the element type, NN the
// number of dimensions), NN big-endian uint32 dimensions, then the values, big-endian, C order.
// MNIST's images are 0x00000803 (uint8, 3 dimensions), its labels 0x00000801.
#include "bnnc/data/formats.h"

#include <cstdio>

namespace bnnc::data {

namespace {

bool idxType(uint8_t code, ElemType &type) {
  switch (code) {
  case 0x08:
    type = ElemType::U8;
    return true;
  case 0x09:
    type = ElemType::I8;
    return true;
  case 0x0B:
    type = ElemType::I16;
    return true;
  case 0x0C:
    type = ElemType::I32;
    return true;
  case 0x0D:
    type = ElemType::F32;
    return true;
  case 0x0E:
    type = ElemType::F64;
    return true;
  }
  return false;
}

std::string hex(unsigned v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*x", digits, v);
  return buf;
}

} // namespace

RawArray parseIdx(const Source &src) {
  const FileBytes &b = src.bytes;
  if (b.size() < 4)
    src.failAt(0, "idx file is too short for its 4-byte magic (" + std::to_string(b.size()) +
                      " bytes)");
  unsigned magic = unsigned(b[0]) << 24 | unsigned(b[1]) << 16 | unsigned(b[2]) << 8 | b[3];
  RawArray array;
  if (b[0] != 0 || b[1] != 0 || !idxType(b[2], array.type) || b[3] == 0)
    src.failAt(0, "bad idx magic " + hex(magic, 8) +
                      " (expected 00 00, a type 08 09 0b 0c 0d 0e and a dimension count > 0)");
  array.big_endian = true;
  size_t ndims = b[3];
  array.data_offset = 4 + 4 * ndims;
  if (b.size() < array.data_offset)
    src.failAt(b.size(), "idx header ends early: " + std::to_string(ndims) + " dimensions need " +
                             std::to_string(array.data_offset) + " bytes");
  for (size_t d = 0; d < ndims; ++d) {
    size_t at = 4 + 4 * d;
    array.shape.push_back(int64_t(b[at]) << 24 | int64_t(b[at + 1]) << 16 |
                          int64_t(b[at + 2]) << 8 | b[at + 3]);
  }
  // Dimensions are below 2^32 each, but their product can overflow: check before multiplying,
  // and compare the claimed size with the bytes present before anything is allocated.
  checkDataSize(src, 4, array);
  return array;
}

} // namespace bnnc::data
