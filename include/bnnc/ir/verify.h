// The structural invariants of a layer program, in one place: the pipeline checks the program it
// lowers, the image reader the program it decodes, and the emulator's plan relies on them.
#pragma once

#include "bnnc/ir/program.h"

#include <optional>
#include <string>

namespace bnnc::ir {

// The first invariant `program` breaks, in words ("layer 1 'fc2' reads 256 values, the previous
// layer outputs 128"), or nothing. Checked: at least one layer; each layer reads exactly what the
// previous one (or the input stage) outputs; only the first layer or one after a multi-bit
// layer reads bit-planes; an affine (scores) layer is the last and does not pool; the input
// stage's comparators cover its shape, a bit-serial input has 1 to 31 bits; the output shape,
// when set, holds the last layer's outputs (one class index after ArgMax).
std::optional<std::string> verifyProgram(const Program &program);

} // namespace bnnc::ir
