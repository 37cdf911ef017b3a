// Text that comes from users' files and ends up in messages, JSON reports and chip images:
// names must be well-formed UTF-8 without control characters, so that a message stays one line
// (a NUL would even cut it short) and every JSON writer and the image format accept them.
#pragma once

#include <string>

namespace bnnc {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF) and holds no control character (U+0000-U+001F, U+007F-U+009F).
// Index of the first byte that does not start a well-formed UTF-8 sequence, or npos.
size_t invalidUtf8At(const std::string &s);

bool isPrintableUtf8(const std::string &s);

// `s` in double quotes for a message, with backslash and quote escaped, control characters as
// \n \t \r or \xNN and bytes that are not UTF-8 as \xNN: "a\x00b" stays on one line.
std::string quoteForMessage(const std::string &s);

// How messages show a piece of a user's file: 'text' when printable, else quoteForMessage's
// escaped form; longer than `max_bytes`, it is cut there and "..." follows the quote.
std::string quoteShort(const std::string &s, size_t max_bytes = 64);

} // namespace bnnc
