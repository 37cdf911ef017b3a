// Runs the sample flow (samples/flow/Makefile) for the flow tests.
#pragma once

#include "e2e/cli_util.h"

#include <string>
#include <vector>

namespace bnnc::test {

// `make -C samples/flow <args>` with BNNC set to the binary under test; output captured.
CliResult runFlow(const std::vector<std::string> &args);

} // namespace bnnc::test
