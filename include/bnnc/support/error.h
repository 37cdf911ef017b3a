// Error policy: a problem with the user's input (a model, an image, a data file, a JSON file, a
// command-line value) is thrown as bnnc::Error carrying the complete, formatted message, which
// names the file and the place (node, byte offset, JSON pointer, line). The driver catches it at
// the boundary and turns it into exit code 1. Compiler bugs are asserts, never bnnc::Error.
// Third-party exceptions (protobuf, nlohmann::json, std::filesystem) are caught where they are
// raised and re-thrown as bnnc::Error.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace bnnc {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

// Warnings collected during a compile; the driver prints them to stderr, one per line.
struct Diagnostics {
  std::vector<std::string> warnings;
  void warn(const std::string &message) { warnings.push_back(message); }
};

} // namespace bnnc
