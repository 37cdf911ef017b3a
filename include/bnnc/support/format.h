// Numbers as messages and text files show them.
#pragma once
#include <string>

namespace bnnc {
// The shortest text that reads back as the same double; integers without a decimal point.
std::string formatDouble(double v);
// The shortest text (up to 9 digits) that reads back as the same float32: model values, which
// are float32, show as written ("0.1", not "0.100000001").
std::string formatNumber(double v);
// printf of one double with `format` ("%.4f"), for reports that fix their digits.
std::string formatFixed(const char *format, double v);
} // namespace bnnc
