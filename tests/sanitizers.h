// Whether the tests run under AddressSanitizer (BNNC_SANITIZE, scripts/sanitize.sh), which
// reserves terabytes of shadow memory: tests that limit the address space skip there.
#pragma once

namespace bnnc::test {

#if defined(__SANITIZE_ADDRESS__) // gcc
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature) // clang
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

} // namespace bnnc::test
