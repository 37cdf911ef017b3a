// Numbers with units for the human reports (see units.h).
#include "units.h"
#include "bnnc/support/format.h"

#include <cmath>
#include <cstdio>

namespace bnnc::driver {

namespace {

// A value in a base unit (pJ or ns) with the prefix that keeps it between 1 and 1000.
std::string scaled(double v, const char *const prefixes[], int count, const char *unit) {
  int i = 0;
  for (; i + 1 < count && std::abs(v) >= 1000; ++i)
    v /= 1000;
  return formatFixed("%.4g ", v) + prefixes[i] + unit;
}

} // namespace

std::string energyText(double pj) {
  static const char *const p[] = {"p", "n", "u", "m", ""};
  return scaled(pj, p, 5, "J");
}

std::string durationText(double ns) {
  static const char *const p[] = {"n", "u", "m", ""};
  return scaled(ns, p, 4, "s");
}

std::string countText(int64_t n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace bnnc::driver
