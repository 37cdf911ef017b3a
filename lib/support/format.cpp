#include "bnnc/support/format.h"

#include <cstdio>
#include <cstdlib>

namespace bnnc {

std::string formatNumber(double v) {
  char buf[32];
  // The fewest digits (up to 9) that read back as the same float32-or-better value.
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (static_cast<float>(std::strtod(buf, nullptr)) == static_cast<float>(v))
      break;
  }
  return buf;
}

} // namespace bnnc
