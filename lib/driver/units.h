// Numbers with units as the human reports print them.
#pragma once

#include "bnnc/support/format.h"

#include <cstdint>
#include <string>

namespace bnnc::driver {

// An energy given in pJ, or a duration given in ns, with the prefix that keeps the mantissa
// between 1 and 1000: "13.24 nJ", "2.75 us".
std::string energyText(double pj);
std::string durationText(double ns);

// "1 row", "2 rows".
std::string countText(int64_t n, const char *one, const char *many);

} // namespace bnnc::driver
