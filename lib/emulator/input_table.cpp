// Deriving the comparator table from the stage function (see input_table.h).
#include "input_table.h"

#include "stages.h"

#include <bit>
#include <cmath>
#include <limits>

namespace bnnc::emulator::detail {

namespace {

// Floats in their total order as integers: key(a) < key(b) iff a < b (with -0 < +0), NaN left
// out. A float's sign-magnitude bits become two's complement order.
int32_t keyOf(float f) {
  int32_t b = std::bit_cast<int32_t>(f);
  return b >= 0 ? b : int32_t(0x80000000u - uint32_t(b));
}
float floatOf(int32_t k) {
  return std::bit_cast<float>(k >= 0 ? k : int32_t(0x80000000u - uint32_t(k)));
}

// The stage's bits for every element at one value per element.
std::vector<uint64_t> evalAll(const ir::InputStage &in, const std::vector<float> &x) {
  std::vector<uint64_t> bits((x.size() + 63) / 64, 0);
  comparatorBits(in, x.data(), int64_t(x.size()), bits.data());
  return bits;
}

bool bitOf(const std::vector<uint64_t> &bits, size_t i) { return (bits[i / 64] >> (i % 64)) & 1; }

} // namespace

// For each element the bit at -inf and at +inf tells the direction; where they differ, the step
// is found by bisection over the keys of [-inf, +inf], all elements at once (32 steps).
ComparatorTable deriveComparators(const ir::InputStage &in) {
  size_t n = in.compare.size();
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<uint64_t> low = evalAll(in, std::vector<float>(n, -inf));
  std::vector<uint64_t> high = evalAll(in, std::vector<float>(n, inf));
  ComparatorTable table;
  table.nan = evalAll(in, std::vector<float>(n, std::numeric_limits<float>::quiet_NaN()));
  // Invariant: the bit at key lo equals the bit at -inf, the bit at key hi differs from it.
  std::vector<int32_t> lo(n, keyOf(-inf)), hi(n, keyOf(inf));
  std::vector<float> mid(n);
  for (int step = 0; step < 33; ++step) {
    for (size_t i = 0; i < n; ++i)
      mid[i] = floatOf(int32_t(int64_t(lo[i]) + (int64_t(hi[i]) - lo[i]) / 2));
    std::vector<uint64_t> at = evalAll(in, mid);
    for (size_t i = 0; i < n; ++i)
      (bitOf(at, i) == bitOf(low, i) ? lo[i] : hi[i]) = keyOf(mid[i]);
  }
  table.sign.resize(n), table.t.resize(n);
  for (size_t i = 0; i < n; ++i) {
    bool up = !bitOf(low, i) && bitOf(high, i), down = bitOf(low, i) && !bitOf(high, i);
    // Up: 1 from floatOf(hi) on, x >= that. Down: 1 up to floatOf(lo), -x >= -that.
    table.sign[i] = down ? -1.0f : 1.0f;
    table.t[i] = up              ? floatOf(hi[i])
                 : down          ? -floatOf(lo[i])
                 : bitOf(low, i) ? -inf
                                 : std::numeric_limits<float>::quiet_NaN();
  }
  return table;
}

} // namespace bnnc::emulator::detail
