// The wide bit-serial dot products (see wide.h).
#include "wide.h"

#include "kernels.h"

#include <cstring>
#include <vector>

namespace bnnc::emulator::detail {

void wideDots(const unsigned char *q, int64_t ldq, int64_t rows, const int8_t *s, int64_t groups,
              int64_t kquads, int64_t *dots, int64_t ldc) {
  std::vector<int64_t> values(size_t(4 * kquads));
  for (int64_t m = 0; m < rows; ++m) {
    for (size_t i = 0; i < values.size(); ++i) {
      uint32_t v;
      std::memcpy(&v, q + m * ldq + 4 * int64_t(i), 4);
      values[i] = v;
    }
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t j = 0; j < kGroup; ++j) {
        const int8_t *sg = s + g * kquads * kGroup * 4;
        int64_t acc = 0;
        for (int64_t i = 0; i < 4 * kquads; ++i)
          acc += values[size_t(i)] * sg[((i / 4) * kGroup + j) * 4 + i % 4];
        dots[m * ldc + g * kGroup + j] = acc;
      }
  }
}

} // namespace bnnc::emulator::detail
