// Deterministic random streams: a counter-based generator (SplitMix64 over a key), so that any
// (seed, chip, tile, sample...) tuple has its own stream, independent of thread scheduling.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace bnnc {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Mixes a seed with stream identifiers: streamKey(seed, {chip, tile}).
inline uint64_t streamKey(uint64_t seed, std::initializer_list<uint64_t> ids) {
  uint64_t k = splitmix64(seed);
  for (uint64_t id : ids)
    k = splitmix64(k ^ splitmix64(id + 0x632BE59BD9B4E019ull));
  return k;
}

class Rng {
public:
  explicit Rng(uint64_t key) : state_(key) {}
  uint64_t next() { return splitmix64(state_++ * 0xD1B54A32D192ED03ull + 1); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: never 0, safe for logarithms.
  double uniformOpen() { return double((next() >> 11) + 1) * 0x1.0p-53; }
  // Standard normal (Box-Muller; one value per call, deterministic).
  double normal() {
    double u = uniformOpen(), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

private:
  uint64_t state_;
};

} // namespace bnnc
