#pragma once
#include <string>

namespace bnnc {
// A number as messages show it: shortest of %g with up to 9 significant digits ("0.5", "1e-05").
std::string formatNumber(double v);
} // namespace bnnc
