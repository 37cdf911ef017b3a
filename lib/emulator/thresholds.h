// Output comparators as integer intervals (docs/emulator.md, "Outputs"). A layer's
// pre-activation is a monotone function of one integer per neuron and position: pre = Keff - 2p
// of the mismatch count p (binary layers), pre = lo * A + step * S of the weighted sum S
// (bit-serial layers, A fixed per neuron and padding class). Every Compare is monotone in pre,
// so the integers that pass form an interval, and the kernels compare integers against it.
#pragma once

#include "bnnc/ir/program.h"

#include <cstdint>

namespace bnnc::emulator::detail {

struct Interval {
  int32_t lo = 1, hi = 0; // lo > hi: nothing passes
};

// The v in [first, last] with pass(v), pass monotone in v (false then true, or true then
// false): found by bisection, evaluating pass exactly as the reference evaluates the compare.
template <typename Pass> Interval passingInterval(int64_t first, int64_t last, Pass pass) {
  bool at_first = pass(first), at_last = pass(last);
  if (at_first == at_last) // monotone: constant
    return at_first ? Interval{int32_t(first), int32_t(last)} : Interval{};
  // The first v where pass(v) differs from pass(first).
  int64_t lo = first, hi = last;
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    (pass(mid) == at_first ? lo : hi) = mid;
  }
  return at_first ? Interval{int32_t(first), int32_t(lo)} : Interval{int32_t(hi), int32_t(last)};
}

// Binary layers: the mismatch counts p in [0, Keff] whose pre = Keff - 2p passes `compare`.
Interval countInterval(const ir::Compare &compare, int64_t keff);

// Bit-serial layers: the sums S in [-smax, smax] whose pre = lo_a + step * S passes `compare`,
// lo_a = lo * A; the product and the sum rounded apart, as in the reference.
Interval sumInterval(const ir::Compare &compare, double lo_a, double step, int64_t smax);

} // namespace bnnc::emulator::detail
