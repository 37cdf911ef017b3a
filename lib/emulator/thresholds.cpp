// Comparator intervals (see thresholds.h).
#include "thresholds.h"

namespace bnnc::emulator::detail {

Interval countInterval(const ir::Compare &compare, int64_t keff) {
  // The pre-activation of count p is an integer held in a double, as in the reference.
  return passingInterval(0, keff, [&](int64_t p) { return compare.eval(double(keff - 2 * p)); });
}

Interval sumInterval(const ir::Compare &compare, double lo_a, double step, int64_t smax) {
  // Rounding is monotone, so lo_a + step * S is monotone in S (increasing for step > 0).
  return passingInterval(-smax, smax,
                         [&](int64_t s) { return compare.eval(lo_a + step * double(s)); });
}

} // namespace bnnc::emulator::detail
