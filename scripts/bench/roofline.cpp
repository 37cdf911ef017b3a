// The roofline of the benchmarks: a plain in-cache XNOR-popcount kernel, 64 inputs x 512 neurons
// x 1024 bits, four neurons per input load, built for this machine (-march=native) by
// scripts/bench/bench.sh. Prints binary multiply-accumulates per second of CPU time, one thread,
// best of several runs, and the instruction set used.
//
// Each input word (or vector) is loaded once and XORed with the same word of four neurons; the
// popcounts accumulate per neuron, so one run is 64 * 512 * 1024 = 2^25 binary MACs.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>
#if defined(__AVX512VPOPCNTDQ__) || defined(__AVX2__)
#include <immintrin.h>
#endif

namespace {

constexpr int kInputs = 64, kNeurons = 512, kWords = 1024 / 64;

double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

#if defined(__AVX512VPOPCNTDQ__)
const char *kIsa = "avx512-vpopcntdq";
// Counts of input x against neurons n..n+3: 1024 bits are two 512-bit vectors.
inline void four(const uint64_t *x, const uint64_t *w, uint64_t *out) {
  __m512i x0 = _mm512_loadu_si512(x), x1 = _mm512_loadu_si512(x + 8);
  for (int j = 0; j < 4; ++j) {
    const uint64_t *wj = w + j * kWords;
    __m512i a = _mm512_popcnt_epi64(_mm512_xor_si512(x0, _mm512_loadu_si512(wj)));
    __m512i b = _mm512_popcnt_epi64(_mm512_xor_si512(x1, _mm512_loadu_si512(wj + 8)));
    out[j] = uint64_t(_mm512_reduce_add_epi64(_mm512_add_epi64(a, b)));
  }
}
#elif defined(__AVX2__)
const char *kIsa = "avx2";
// Nibble lookup popcount of 256-bit vectors, byte counts summed by VPSADBW.
inline __m256i popcount256(__m256i v) {
  const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2,
                                       1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  __m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, low));
  __m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(v, 4), low));
  return _mm256_add_epi8(lo, hi);
}
inline void four(const uint64_t *x, const uint64_t *w, uint64_t *out) {
  __m256i xv[4];
  for (int i = 0; i < 4; ++i)
    xv[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(x + 4 * i));
  for (int j = 0; j < 4; ++j) {
    __m256i bytes = _mm256_setzero_si256();
    for (int i = 0; i < 4; ++i)
      bytes = _mm256_add_epi8(
          bytes,
          popcount256(_mm256_xor_si256(xv[i], _mm256_loadu_si256(reinterpret_cast<const __m256i *>(
                                                  w + j * kWords + 4 * i)))));
    __m256i s = _mm256_sad_epu8(bytes, _mm256_setzero_si256());
    out[j] = uint64_t(_mm256_extract_epi64(s, 0) + _mm256_extract_epi64(s, 1) +
                      _mm256_extract_epi64(s, 2) + _mm256_extract_epi64(s, 3));
  }
}
#else
const char *kIsa = "scalar";
inline void four(const uint64_t *x, const uint64_t *w, uint64_t *out) {
  for (int j = 0; j < 4; ++j) {
    uint64_t s = 0;
    for (int k = 0; k < kWords; ++k)
      s += uint64_t(__builtin_popcountll(x[k] ^ w[j * kWords + k]));
    out[j] = s;
  }
}
#endif

void kernel(const uint64_t *x, const uint64_t *w, uint64_t *out) {
  for (int i = 0; i < kInputs; ++i)
    for (int n = 0; n < kNeurons; n += 4)
      four(x + i * kWords, w + n * kWords, out + i * kNeurons + n);
}

} // namespace

int main() {
  std::mt19937_64 rng(1);
  std::vector<uint64_t> x(kInputs * kWords), w(kNeurons * kWords), out(kInputs * kNeurons);
  for (uint64_t &v : x)
    v = rng();
  for (uint64_t &v : w)
    v = rng();
  const double macs = double(kInputs) * kNeurons * kWords * 64;
  double best = 0;
  uint64_t check = 0;
  for (int run = 0; run < 7; ++run) {
    int reps = 64;
    double t0 = cpuSeconds();
    for (int r = 0; r < reps; ++r) {
      x[size_t(r) % x.size()] ^= 1; // a new input each time: nothing to hoist
      kernel(x.data(), w.data(), out.data());
      check += out[size_t(r) % out.size()];
    }
    double rate = macs * reps / (cpuSeconds() - t0);
    best = rate > best ? rate : best;
  }
  std::printf("roofline %s %.1f GMAC/s (check %llu)\n", kIsa, best / 1e9,
              static_cast<unsigned long long>(check % 1000));
}
