// The libFuzzer entry point of fuzz_<target> (built with BNNC_FUZZ=ON): BNNC_FUZZ_TARGET names
// the target of targets.h this executable fuzzes.
#include "fuzz/targets.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bnnc::fuzz::Target *target = bnnc::fuzz::findTarget(BNNC_FUZZ_TARGET);
  if (!target)
    std::abort();
  target->run(data, size);
  return 0;
}
