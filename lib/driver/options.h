// Option values that several commands share.
#pragma once

#include "bnnc/passes/passes.h"

#include <optional>
#include <string>

namespace bnnc::driver {

// The compile options of --input-bits N and --input-range LO,HI (bnnc compile, and bnnc sweep for
// an ONNX model); a range that is not two numbers is a bnnc::Error naming the option.
passes::CompileOptions inputOptions(std::optional<int> bits, const std::string &range);

// The flag of a field the libraries name in their option problems ("threads" -> "--threads",
// "data_divisor" -> "--data-div", "retention_s" -> "--retention-time").
std::string flagOf(const std::string &field);

} // namespace bnnc::driver
