// Text dumps of the graph IR and of the layer program, for `bnnc compile --print-after` and the
// golden tests (docs/passes.md). Both are deterministic: nodes in graph order, constants by
// name, numbers with up to 9 digits.
#pragma once

#include "bnnc/ir/graph.h"
#include "bnnc/ir/program.h"

#include <string>

namespace bnnc::ir {

std::string printGraph(const Graph &graph);
std::string printProgram(const Program &program);

} // namespace bnnc::ir
