#include "bnnc/support/version.h"

namespace bnnc {

const char *version() { return BNNC_VERSION; }

std::string writerName() { return std::string("bnnc ") + BNNC_VERSION; }

} // namespace bnnc
