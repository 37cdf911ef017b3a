// Little-endian byte encoding for the chip image: a writer that appends fields one byte at a
// time, and a bounds-checked reader over one section that names the file, the absolute byte
// offset and the section in every error.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::image {

// "<source>: offset 0x1c0 (<place>): error: <message>", e.g. place = "section TILE".
[[noreturn]] void failAt(const std::string &source, uint64_t offset, const std::string &place,
                         const std::string &message);

class ByteWriter {
public:
  void u8(uint8_t v) { bytes_.push_back(v); }
  void u16(uint16_t v) { little(v, 2); }
  void u32(uint32_t v) { little(v, 4); }
  void u64(uint64_t v) { little(v, 8); }
  void i64(int64_t v) { u64(uint64_t(v)); }               // two's complement
  void f64(double v) { u64(std::bit_cast<uint64_t>(v)); } // IEEE 754 binary64 bits
  void boolean(bool v) { u8(v ? 1 : 0); }
  // u32 byte length, then the UTF-8 bytes (no terminator).
  void str(const std::string &s);
  void append(const std::vector<uint8_t> &bytes);
  // Zero bytes up to the next multiple of `align`.
  void padTo(uint64_t align);
  void putU32At(size_t at, uint32_t v);
  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t> &bytes() const { return bytes_; }
  std::vector<uint8_t> take() { return std::move(bytes_); }

private:
  // Byte i is bits 8i .. 8i+7 of v.
  void little(uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
      bytes_.push_back(uint8_t(v >> (8 * i)));
  }
  std::vector<uint8_t> bytes_;
};

// Reads the fields of one section, bytes [begin, end) of the file. `what` names the field in the
// error raised when the section ends inside it.
class SectionReader {
public:
  SectionReader(const std::vector<uint8_t> &file, const std::string &source, const std::string &tag,
                uint64_t begin, uint64_t end, bool allow_trailing);
  uint8_t u8(const std::string &what) { return uint8_t(little(1, what)); }
  uint16_t u16(const std::string &what) { return uint16_t(little(2, what)); }
  uint32_t u32(const std::string &what) { return uint32_t(little(4, what)); }
  uint64_t u64(const std::string &what) { return little(8, what); }
  int64_t i64(const std::string &what) { return int64_t(little(8, what)); }
  double f64(const std::string &what) { return std::bit_cast<double>(little(8, what)); }
  bool boolean(const std::string &what);    // a u8 that must be 0 or 1
  std::string str(const std::string &what); // length-checked, valid UTF-8
  // A u64 element count; the elements (at least `element_size` bytes each) must fit in what is
  // left of the section, which bounds any allocation by the file size.
  uint64_t count(const std::string &what, uint64_t element_size);
  // The absolute file offset of the next field.
  uint64_t offset() const { return pos_; }
  uint64_t remaining() const { return end_ - pos_; }
  [[noreturn]] void fail(uint64_t at, const std::string &message) const;
  const std::string &source() const { return source_; }
  // Bytes left after the last field are an error, unless the file is of a newer minor version
  // (minor versions only append, so this reader skips what it does not know).
  void finish() const;

private:
  uint64_t little(int n, const std::string &what);
  const std::vector<uint8_t> &file_;
  std::string source_;
  std::string place_;
  uint64_t pos_, end_;
  bool allow_trailing_;
};

} // namespace bnnc::image
