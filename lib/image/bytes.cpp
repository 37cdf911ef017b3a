// Byte-level encoding and bounds-checked decoding of image fields.
#include "bytes.h"
#include "bnnc/support/error.h"
#include "text.h"

namespace bnnc::image {

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not well-formed (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF).
size_t utf8Length(const std::string &s, size_t i) {
  auto at = [&](size_t k) { return k < s.size() ? uint8_t(s[k]) : 0; };
  auto cont = [&](size_t k) { return (at(k) & 0xC0) == 0x80; };
  uint8_t b = at(i);
  if (b < 0x80)
    return 1;
  if (b >= 0xC2 && b <= 0xDF)
    return cont(i + 1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    uint8_t lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
    return at(i + 1) >= lo && at(i + 1) <= hi && cont(i + 2) ? 3 : 0;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    uint8_t lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
    return at(i + 1) >= lo && at(i + 1) <= hi && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

// Index of the first byte that does not start a well-formed sequence, or npos.
size_t invalidUtf8At(const std::string &s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8Length(s, i);
    if (n == 0)
      return i;
    i += n;
  }
  return std::string::npos;
}

} // namespace

void failAt(const std::string &source, uint64_t offset, const std::string &place,
            const std::string &message) {
  throw Error(source + ": offset " + hex(offset) + " (" + place + "): error: " + message);
}

void ByteWriter::str(const std::string &s) {
  u32(uint32_t(s.size()));
  bytes_.insert(bytes_.end(), s.begin(), s.end());
}

void ByteWriter::append(const std::vector<uint8_t> &bytes) {
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
}

void ByteWriter::padTo(uint64_t align) {
  while (bytes_.size() % align != 0)
    bytes_.push_back(0);
}

void ByteWriter::putU32At(size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    bytes_[at + size_t(i)] = uint8_t(v >> (8 * i));
}

SectionReader::SectionReader(const std::vector<uint8_t> &file, const std::string &source,
                             const std::string &tag, uint64_t begin, uint64_t end,
                             bool allow_trailing)
    : file_(file), source_(source), place_("section " + tag), pos_(begin), end_(end),
      allow_trailing_(allow_trailing) {}

void SectionReader::fail(uint64_t at, const std::string &message) const {
  failAt(source_, at, place_, message);
}

uint64_t SectionReader::little(int n, const std::string &what) {
  if (remaining() < uint64_t(n))
    fail(pos_, "the section ends inside " + what + " (" + std::to_string(n) + " bytes needed, " +
                   std::to_string(remaining()) + " left)");
  uint64_t v = 0;
  for (int i = 0; i < n; ++i)
    v |= uint64_t(file_[pos_ + uint64_t(i)]) << (8 * i);
  pos_ += uint64_t(n);
  return v;
}

bool SectionReader::boolean(const std::string &what) {
  uint64_t at = pos_;
  uint8_t v = u8(what);
  if (v > 1)
    fail(at, what + " must be 0 or 1, got " + std::to_string(v));
  return v == 1;
}

std::string SectionReader::str(const std::string &what) {
  uint64_t at = pos_;
  uint32_t n = u32("the length of " + what);
  if (n > remaining())
    fail(at, what + " is " + std::to_string(n) + " bytes long, but only " +
                 std::to_string(remaining()) + " bytes of the section follow");
  std::string s(file_.begin() + int64_t(pos_), file_.begin() + int64_t(pos_ + n));
  size_t bad = invalidUtf8At(s);
  if (bad != std::string::npos)
    fail(pos_ + bad, what + " is not valid UTF-8 (byte " + hex(uint8_t(s[bad]), 2) + ")");
  pos_ += n;
  return s;
}

uint64_t SectionReader::count(const std::string &what, uint64_t element_size) {
  uint64_t at = pos_;
  uint64_t n = u64(what);
  if (n > remaining() / element_size)
    fail(at, what + " is " + std::to_string(n) + ", but only " + std::to_string(remaining()) +
                 " bytes of the section follow (" + std::to_string(element_size) +
                 " or more per element)");
  return n;
}

void SectionReader::finish() const {
  if (remaining() != 0 && !allow_trailing_)
    fail(pos_, "the section has " + std::to_string(remaining()) + " more bytes than its fields");
}

} // namespace bnnc::image
