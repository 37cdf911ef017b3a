// Option values that several commands share.
#include "options.h"
#include "bnnc/support/error.h"

#include <cstdlib>

namespace bnnc::driver {

namespace {

// Parses "LO,HI" into two numbers.
void parseRange(const std::string &text, double &lo, double &hi) {
  size_t comma = text.find(',');
  char *end = nullptr;
  bool ok = comma != std::string::npos;
  if (ok) {
    std::string a = text.substr(0, comma), b = text.substr(comma + 1);
    lo = std::strtod(a.c_str(), &end);
    ok = !a.empty() && *end == '\0';
    hi = std::strtod(b.c_str(), &end);
    ok = ok && !b.empty() && *end == '\0';
  }
  if (!ok)
    throw Error("--input-range: error: must be LO,HI (two numbers), got '" + text + "'");
}

} // namespace

passes::CompileOptions inputOptions(std::optional<int> bits, const std::string &range) {
  passes::CompileOptions o;
  o.input_bits = bits;
  if (!range.empty()) {
    double lo = 0, hi = 0;
    parseRange(range, lo, hi);
    o.input_lo = lo;
    o.input_hi = hi;
  }
  return o;
}

std::string flagOf(const std::string &field) {
  const std::pair<const char *, const char *> flags[] = {{"data_divisor", "--data-div"},
                                                         {"retention_s", "--retention-time"},
                                                         {"temperature_k", "--temperature"}};
  for (const auto &[name, flag] : flags)
    if (field == name)
      return flag;
  return "--" + field; // threads, chips, ber, cycles
}

} // namespace bnnc::driver
