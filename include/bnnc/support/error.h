// Error policy: a problem with the user's input (a model, an image, a data file, a JSON file, a
// command-line value) is thrown as bnnc::Error carrying the complete, formatted message, which
// names the file and the place (node, byte offset, JSON pointer, line). The driver catches it at
// the boundary and turns it into exit code 1. Compiler bugs are asserts, never bnnc::Error.
// Third-party exceptions (protobuf, nlohmann::json, std::filesystem) are caught where they are
// raised and re-thrown as bnnc::Error.
//
// A model can have several independent problems (three unsupported ops, two non-binary layers):
// the importer and the passes record each as a Problem in Diagnostics and keep going, so that one
// compile names them all; Diagnostics::throwProblems then fails with every message.
#pragma once

#include "bnnc/support/diagnostic.h"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace bnnc {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
  // One per line of the message (a model's problems are thrown together, one line each).
  std::vector<Diagnostic> diagnostics() const { return parseDiagnostics(what()); }
};

// One problem that stops a compile without stopping the analysis.
struct Problem {
  std::string node;    // name of the node it is about; empty when it is not a node's
  std::string message; // complete: "m.onnx: node 'p' (Pow, #3): error: unsupported op Pow"
};

// At most this many problems are listed in one error; the rest are counted.
constexpr size_t kMaxListedProblems = 20;

// Warnings and problems collected during an import and a compile; the driver prints warnings to
// stderr, one per line.
struct Diagnostics {
  std::vector<std::string> warnings;
  std::vector<Problem> problems;
  void warn(const std::string &message) { warnings.push_back(message); }
  void problem(const std::string &node, const std::string &message);
  // The problem recorded for `node`, or nullptr.
  const Problem *problemOf(const std::string &node) const;
  // Throws an Error whose message lists the problems one per line (the first
  // kMaxListedProblems, then "<source>: error: ... and N more problems"); does nothing when
  // there are none.
  void throwProblems(const std::string &source) const;
};

} // namespace bnnc
