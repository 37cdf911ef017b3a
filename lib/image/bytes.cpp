// Byte-level encoding and bounds-checked decoding of image fields.
#include "bytes.h"
#include "bnnc/support/error.h"
#include "bnnc/support/text.h"
#include "text.h"

namespace bnnc::image {

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
