#include "bnnc/support/text.h"

#include <cstdint>
#include <cstdio>

namespace bnnc {

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not well-formed (RFC 3629,
// table 3-7 of the Unicode standard: the second byte's range depends on the first).
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

// A control character: C0 (one byte below 0x20), DEL, or C1 (U+0080-U+009F, encoded C2 80-9F).
bool isControl(const std::string &s, size_t i, size_t n) {
  uint8_t b = uint8_t(s[i]);
  return (n == 1 && (b < 0x20 || b == 0x7F)) || (n == 2 && b == 0xC2 && uint8_t(s[i + 1]) < 0xA0);
}

std::string hexByte(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", b);
  return buf;
}

} // namespace

size_t invalidUtf8At(const std::string &s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8Length(s, i);
    if (n == 0)
      return i;
    i += n;
  }
  return std::string::npos;
}

bool isPrintableUtf8(const std::string &s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8Length(s, i);
    if (n == 0 || isControl(s, i, n))
      return false;
    i += n;
  }
  return true;
}

std::string quoteForMessage(const std::string &s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8Length(s, i);
    char c = s[i];
    if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else if (c == '\n' || c == '\t' || c == '\r')
      out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r";
    else if (n == 0 || isControl(s, i, n))
      // One byte at a time: a C1 control's two bytes both show as \xNN.
      n = 1, out += hexByte(uint8_t(c));
    else
      out.append(s, i, n);
    i += n == 0 ? 1 : n;
  }
  return out + "\"";
}

std::string quoteShort(const std::string &s, size_t max_bytes) {
  bool cut = s.size() > max_bytes;
  std::string head = cut ? s.substr(0, max_bytes) : s;
  std::string quoted = isPrintableUtf8(head) ? "'" + head + "'" : quoteForMessage(head);
  return cut ? quoted + "..." : quoted;
}

} // namespace bnnc
