// Run-time choice of the kernel set: the CPU's features (__builtin_cpu_supports), restricted by
// the environment variable BNNC_SIMD (scalar, avx2 or avx512) when it names a supported set.
#include "kernels.h"

#include <cassert>
#include <cstdlib>
#include <cstring>

namespace bnnc::emulator {

bool simdSupported(Simd simd) {
  switch (simd) {
  case Simd::Auto:
  case Simd::Scalar:
    return true;
#if defined(__x86_64__)
  case Simd::Avx2:
    return __builtin_cpu_supports("avx2");
  case Simd::Avx512:
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vpopcntdq");
#else
  case Simd::Avx2:
  case Simd::Avx512:
    return false;
#endif
  }
  return false;
}

const char *simdName(Simd simd) {
  static const char *const names[] = {"auto", "scalar", "avx2", "avx512"};
  return names[int(simd)];
}

namespace detail {

namespace {

// The best supported set, or the one BNNC_SIMD asks for if the CPU supports it.
Simd resolveAuto() {
  if (const char *want = std::getenv("BNNC_SIMD"))
    for (Simd s : {Simd::Scalar, Simd::Avx2, Simd::Avx512})
      if (std::strcmp(want, simdName(s)) == 0 && simdSupported(s))
        return s;
  for (Simd s : {Simd::Avx512, Simd::Avx2})
    if (simdSupported(s))
      return s;
  return Simd::Scalar;
}

} // namespace

const KernelSet &kernelsFor(Simd simd) {
  assert(simdSupported(simd));
  if (simd == Simd::Auto)
    simd = resolveAuto();
#if defined(__x86_64__)
  if (simd == Simd::Avx512)
    return avx512Kernels();
  if (simd == Simd::Avx2)
    return avx2Kernels();
#endif
  return scalarKernels();
}

} // namespace detail

} // namespace bnnc::emulator
