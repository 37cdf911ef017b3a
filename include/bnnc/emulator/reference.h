// The naive reference of the ideal chip: the semantics of ir/program.h computed straight from
// program.layers[].weights, one element at a time with integers, no packing and no tiles. The
// tests hold the emulator (prepare, bind, run) to it bit for bit; it is slow and meant for tests
// only.
#pragma once

#include "bnnc/emulator/emulator.h"
#include "bnnc/ir/program.h"

namespace bnnc::emulator {

// `inputs` holds `count` samples of numel(program.input.shape) float32 values each.
RunResult runProgramReference(const ir::Program &program, const std::vector<float> &inputs,
                              int64_t count);

} // namespace bnnc::emulator
