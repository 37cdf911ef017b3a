// The .npy header (NEP 1, format versions 1.0, 2.0 and 3.0):
//   "\x93NUMPY", major, minor, header length (uint16 LE for 1.x, uint32 LE for 2.x/3.x), then a
//   Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded with
//   spaces and ended by '\n'; the data follows in C order.
#include "bnnc/data/formats.h"
#include "bnnc/support/text.h"

#include <cstring>
#include <map>
#include <utility>

namespace bnnc::data {

namespace {

// A cursor over the header text; `base` is the file offset of text[0], so errors name bytes.
struct HeaderParser {
  const Source &src;
  std::string text;
  uint64_t base;
  size_t pos = 0;

  [[noreturn]] void fail(const std::string &message) const { src.failAt(base + pos, message); }
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n'))
      ++pos;
  }
  bool accept(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c))
      fail(std::string("malformed npy header: expected '") + c + "'");
  }
  std::string parseString() {
    skipSpace();
    char quote = pos < text.size() ? text[pos] : 0;
    if (quote != '\'' && quote != '"')
      fail("malformed npy header: expected a quoted string");
    size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos)
      fail("malformed npy header: unterminated string");
    std::string s = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return s;
  }
  bool parseBool() {
    skipSpace();
    for (const char *word : {"True", "False"}) {
      if (text.compare(pos, std::strlen(word), word) == 0) {
        pos += std::strlen(word);
        return word[0] == 'T';
      }
    }
    fail("malformed npy header: expected True or False");
  }
  int64_t parseInt() {
    skipSpace();
    size_t start = pos;
    int64_t v = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (v > (INT64_MAX - 9) / 10)
        fail("npy shape dimension is too large");
      v = v * 10 + (text[pos++] - '0');
    }
    if (pos == start)
      fail("malformed npy header: expected a non-negative integer");
    if (pos < text.size() && text[pos] == 'L') // Python 2 long literal, e.g. (3L, 4L)
      ++pos;
    return v;
  }
  ir::Shape parseShape() {
    expect('(');
    ir::Shape shape;
    while (!accept(')')) {
      shape.push_back(parseInt());
      if (!accept(',')) {
        expect(')');
        break;
      }
    }
    return shape;
  }
};

// '<f4' and friends: byte order character, then kind and size.
ElemType parseDescr(const HeaderParser &p, const std::string &descr) {
  static const std::map<std::string, ElemType> kTypes = {
      {"b1", ElemType::Bool}, {"u1", ElemType::U8},  {"i1", ElemType::I8},  {"u2", ElemType::U16},
      {"i2", ElemType::I16},  {"u4", ElemType::U32}, {"i4", ElemType::I32}, {"u8", ElemType::U64},
      {"i8", ElemType::I64},  {"f4", ElemType::F32}, {"f8", ElemType::F64}};
  auto it = descr.size() == 3 ? kTypes.find(descr.substr(1)) : kTypes.end();
  if (it == kTypes.end())
    p.fail("unsupported dtype " + quoteShort(descr) +
           " (supported: <f4 <f8 |u1 |i1 |b1 <u2 <i2 <u4 <i4 <u8 <i8)");
  char order = descr[0];
  bool one_byte = elemSize(it->second) == 1;
  // One-byte types have no byte order ('|'); multi-byte types must be little-endian ('<').
  if (order == '>' && !one_byte)
    p.fail("unsupported dtype " + quoteShort(descr) + " (big-endian)");
  if (order != '<' && order != '|' && order != '>')
    p.fail("unsupported dtype " + quoteShort(descr) + " (byte order must be '<' or '|')");
  return it->second;
}

uint32_t readLE(const FileBytes &b, size_t at, int n) {
  uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i)
    v = (v << 8) | b[at + i];
  return v;
}

// The dict's three entries and where each value starts in the header (npos when missing).
struct NpyDict {
  std::string descr;
  bool fortran = false;
  ir::Shape shape;
  size_t descr_pos = std::string::npos, order_pos = std::string::npos;
  size_t shape_pos = std::string::npos;
};

NpyDict parseDict(HeaderParser &p) {
  NpyDict d;
  p.expect('{');
  while (!p.accept('}')) {
    p.skipSpace();
    size_t key_pos = p.pos;
    std::string key = p.parseString();
    p.expect(':');
    p.skipSpace();
    if (key == "descr") {
      d.descr_pos = p.pos;
      d.descr = p.parseString();
    } else if (key == "fortran_order") {
      d.order_pos = p.pos;
      d.fortran = p.parseBool();
    } else if (key == "shape") {
      d.shape_pos = p.pos;
      d.shape = p.parseShape();
    } else {
      p.pos = key_pos;
      p.fail("unexpected key " + quoteShort(key) + " in npy header");
    }
    if (!p.accept(',')) {
      p.expect('}');
      break;
    }
  }
  p.pos = 0;
  for (auto [pos, key] : {std::pair{d.descr_pos, "descr"}, std::pair{d.order_pos, "fortran_order"},
                          std::pair{d.shape_pos, "shape"}})
    if (pos == std::string::npos)
      p.fail(std::string("npy header lacks the key '") + key + "'");
  return d;
}

// Checks the magic and version; returns the header's offset and length, checked against the file.
std::pair<size_t, size_t> headerSpan(const Source &src) {
  const FileBytes &b = src.bytes;
  static const uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (b.size() < 10 || std::memcmp(b.data(), kMagic, 6) != 0)
    src.failAt(0, "not an npy file (missing the \\x93NUMPY magic)");
  int major = b[6];
  if (major < 1 || major > 3)
    src.failAt(6, "unsupported npy format version " + std::to_string(major) + "." +
                      std::to_string(b[7]) + " (supported: 1.0, 2.0, 3.0)");
  // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4.
  int len_bytes = major == 1 ? 2 : 4;
  size_t start = 8 + len_bytes;
  if (b.size() < start)
    src.failAt(8, "npy header length is cut off");
  uint64_t header_len = readLE(b, 8, len_bytes);
  if (header_len > b.size() - start)
    src.failAt(8, "npy header length " + std::to_string(header_len) + " exceeds the file (" +
                      std::to_string(b.size() - start) + " bytes left)");
  return {start, size_t(header_len)};
}

} // namespace

RawArray parseNpy(const Source &src) {
  auto [start, len] = headerSpan(src);
  HeaderParser p{src, std::string(src.bytes.begin() + start, src.bytes.begin() + start + len),
                 start};
  NpyDict d = parseDict(p);
  RawArray array;
  p.pos = d.descr_pos;
  array.type = parseDescr(p, d.descr);
  p.pos = d.order_pos;
  if (d.fortran)
    p.fail("fortran_order True is not supported (C order only)");
  array.shape = d.shape;
  array.data_offset = start + len;
  // Compare against the bytes present before allocating anything for the values.
  checkDataSize(src, start + d.shape_pos, array);
  return array;
}

} // namespace bnnc::data
