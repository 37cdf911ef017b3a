// Every kernel set the CPU supports (kernels.h) against naive loops over the same contract, on
// random sizes that are not multiples of the vector widths (rows, groups of 32 neurons, words
// over the AVX2 byte-accumulator chunk of 31, counts that end inside a vector). Sets the CPU
// lacks are skipped with a message.
#include "bnnc/emulator/detail/kernels.h"
#include "unit/emulator/simd_test_util.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace bnnc::emulator::detail {
namespace {

class Kernels : public test::SupportedSimd {
protected:
  const KernelSet &set() const { return kernelsFor(GetParam()); }
};

int64_t uni(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

TEST_P(Kernels, BinaryCountsMismatches) {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    std::mt19937_64 rng(seed);
    int64_t rows = uni(rng, 1, 13), groups = uni(rng, 1, 3), kwords = uni(rng, 1, 70);
    int64_t ldx = kwords + uni(rng, 0, 2), ldc = groups * kGroup + uni(rng, 0, 5);
    std::vector<uint64_t> x(size_t(rows * ldx)), w(size_t(groups * kwords * kGroup));
    for (uint64_t &v : x)
      v = rng();
    for (uint64_t &v : w)
      v = uni(rng, 0, 3) ? rng() : 0; // some all-zero words
    std::vector<int32_t> got(size_t(rows * ldc), -1);
    set().binary(x.data(), ldx, rows, w.data(), groups, kwords, got.data(), ldc);
    for (int64_t m = 0; m < rows; ++m)
      for (int64_t n = 0; n < groups * kGroup; ++n) {
        int32_t want = 0; // word k of neuron n = g * 32 + j lies at (g * kwords + k) * 32 + j
        for (int64_t k = 0; k < kwords; ++k)
          want += std::popcount(x[size_t(m * ldx + k)] ^
                                w[size_t(((n / kGroup) * kwords + k) * kGroup + n % kGroup)]);
        ASSERT_EQ(got[size_t(m * ldc + n)], want) << "seed " << seed << " row " << m << " n " << n;
      }
  }
}

TEST_P(Kernels, SerialMultipliesBytesBySigns) {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    std::mt19937_64 rng(seed);
    int64_t rows = uni(rng, 1, 11), groups = uni(rng, 1, 3), kquads = uni(rng, 1, 40);
    int64_t ldq = 4 * kquads + uni(rng, 0, 9), ldc = groups * kGroup + uni(rng, 0, 3);
    std::vector<uint8_t> q(size_t(rows * ldq));
    std::vector<int8_t> s(size_t(groups * kquads * kGroup * 4));
    for (uint8_t &v : q)
      v = uint8_t(uni(rng, 0, 3) ? uni(rng, 0, 255) : 255); // the largest bytes often
    for (int8_t &v : s)
      v = int8_t(uni(rng, -1, 1));
    std::vector<int32_t> got(size_t(rows * ldc), -1);
    set().serial(q.data(), ldq, rows, s.data(), groups, kquads, got.data(), ldc);
    for (int64_t m = 0; m < rows; ++m)
      for (int64_t n = 0; n < groups * kGroup; ++n) {
        int32_t want = 0;
        for (int64_t i = 0; i < 4 * kquads; ++i)
          want += int32_t(q[size_t(m * ldq + i)]) *
                  s[size_t((((n / kGroup) * kquads + i / 4) * kGroup + n % kGroup) * 4 + i % 4)];
        ASSERT_EQ(got[size_t(m * ldc + n)], want) << "seed " << seed << " row " << m << " n " << n;
      }
  }
}

TEST_P(Kernels, BitsTestEachRowAgainstItsClassInterval) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    std::mt19937_64 rng(seed);
    int64_t count = uni(rng, 1, 200), padded = (count + kGroup - 1) / kGroup * kGroup;
    int64_t rows = uni(rng, 1, 6), classes = uni(rng, 1, 3), ldc = padded + uni(rng, 0, 1) * 32;
    int64_t ldb = padded + uni(rng, 0, 1) * 32, words = (count + 63) / 64;
    int64_t ldo = words + uni(rng, 0, 2);
    std::vector<int32_t> c(size_t(rows * ldc)), lo(size_t(classes * ldb)), hi(lo.size());
    std::vector<int32_t> cls;
    for (int32_t &v : c)
      v = int32_t(uni(rng, -5, 5));
    for (size_t i = 0; i < lo.size(); ++i) {
      lo[i] = int32_t(uni(rng, -6, 6));
      hi[i] = int32_t(uni(rng, -6, 6)); // often below lo: an empty interval
    }
    for (int64_t r = 0; r < rows; ++r)
      cls.push_back(int32_t(uni(rng, 0, classes - 1)));
    std::vector<uint64_t> got(size_t(rows * ldo), 0x5555);
    set().bits(c.data(), ldc, rows, cls.data(), lo.data(), hi.data(), ldb, count, got.data(), ldo);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t n = 0; n < words * 64; ++n) {
        size_t b = size_t(cls[size_t(r)] * ldb + n), at = size_t(r * ldc + n);
        bool want = n < count && lo[b] <= c[at] && c[at] <= hi[b];
        ASSERT_EQ(bool((got[size_t(r * ldo + n / 64)] >> (n % 64)) & 1), want)
            << "seed " << seed << " row " << r << " n " << n;
      }
  }
}

// Codes of one and four bytes; the bytes after a row's last code keep what they held.
TEST_P(Kernels, CodesCountTheIntervalsThatHoldEachValue) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    std::mt19937_64 rng(seed);
    int64_t count = uni(rng, 1, 200), padded = (count + kGroup - 1) / kGroup * kGroup;
    int64_t rows = uni(rng, 1, 6), classes = uni(rng, 1, 3), levels = uni(rng, 1, 15);
    int64_t ldc = padded + uni(rng, 0, 1) * 32, ldb = padded + uni(rng, 0, 1) * 32;
    int64_t unit = uni(rng, 0, 1) ? 4 : 1, ldo = count * unit + uni(rng, 0, 9);
    std::vector<int32_t> c(size_t(rows * ldc)), lo(size_t(classes * levels * ldb)), hi(lo.size());
    std::vector<int32_t> cls;
    for (int32_t &v : c)
      v = int32_t(uni(rng, -5, 5));
    for (size_t i = 0; i < lo.size(); ++i) {
      lo[i] = int32_t(uni(rng, -6, 6));
      hi[i] = uni(rng, 0, 1) ? std::numeric_limits<int32_t>::max() : int32_t(uni(rng, -6, 6));
    }
    for (int64_t r = 0; r < rows; ++r)
      cls.push_back(int32_t(uni(rng, 0, classes - 1)));
    std::vector<unsigned char> got(size_t(rows * ldo + 8), 0xa5);
    set().codes(c.data(), ldc, rows, cls.data(), lo.data(), hi.data(), ldb, levels, count, unit,
                got.data(), ldo);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t n = 0; n < count; ++n) {
        uint32_t want = 0, code = 0;
        int32_t v = c[size_t(r * ldc + n)];
        for (int64_t j = 0; j < levels; ++j) {
          size_t b = size_t((cls[size_t(r)] * levels + j) * ldb + n);
          want += lo[b] <= v && v <= hi[b];
        }
        std::memcpy(&code, &got[size_t(r * ldo + n * unit)], size_t(unit));
        ASSERT_EQ(code, want) << "seed " << seed << " row " << r << " n " << n;
      }
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t i = count * unit; i < ldo; ++i)
        ASSERT_EQ(got[size_t(r * ldo + i)], 0xa5)
            << "seed " << seed << " row " << r << " byte " << i;
  }
}

TEST_P(Kernels, CompareEvaluatesTheComparatorTable) {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  const float values[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, inf, -inf, nan, 1e-45f, -3.25f};
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    std::mt19937_64 rng(seed);
    int64_t n = uni(rng, 1, 150);
    std::vector<float> x(static_cast<size_t>(n)), sign(static_cast<size_t>(n)),
        t(static_cast<size_t>(n));
    std::vector<uint64_t> nan_bits(size_t((n + 63) / 64));
    for (int64_t i = 0; i < n; ++i) {
      x[size_t(i)] = values[uni(rng, 0, 9)];
      sign[size_t(i)] = uni(rng, 0, 1) ? 1.0f : -1.0f;
      t[size_t(i)] = values[uni(rng, 0, 9)];
      nan_bits[size_t(i / 64)] |= uint64_t(uni(rng, 0, 1)) << (i % 64);
    }
    std::vector<uint64_t> got(nan_bits.size(), ~uint64_t(0));
    set().compare(x.data(), sign.data(), t.data(), nan_bits.data(), n, got.data());
    for (int64_t i = 0; i < int64_t(got.size()) * 64; ++i) {
      bool want = false;
      if (i < n)
        want = std::isnan(x[size_t(i)]) ? (nan_bits[size_t(i / 64)] >> (i % 64)) & 1
                                        : sign[size_t(i)] * x[size_t(i)] >= t[size_t(i)];
      ASSERT_EQ(bool((got[size_t(i / 64)] >> (i % 64)) & 1), want) << "seed " << seed << " i " << i;
    }
  }
}

BNNC_INSTANTIATE_ALL_SIMD(Kernels);

} // namespace
} // namespace bnnc::emulator::detail
