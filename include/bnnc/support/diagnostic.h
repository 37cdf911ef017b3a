// Structured diagnostics: what a caller of the library (C++ or Python) reads from an error or a
// warning. bnnc's messages follow one grammar (docs/errors.md, "The rule"):
//
//   <file>: [<place>: ]error|warning|note: <message>
//
// where <place> is a node ("node 'bn2' (BatchNormalization, #7)"), a byte offset ("offset 0x1c0
// (section TILE)"), a JSON pointer ("/grid/1/ber", "top level"), a line ("line 2, column 5") or
// another named part ("initializer 'W'"). The text is the contract: tests pin it, the command
// line prints it as it is. The structure is read back from the text by one parser, so that no
// throw site changes and the two can never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnnc {

enum class Severity { Error, Warning, Note };
const char *severityName(Severity severity); // "error", "warning", "note"

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;  // the input or output at fault, or the option ("--threads"); may be empty
  std::string place; // as written, e.g. "node 'bn2' (BatchNormalization, #7)"; may be empty
  std::string node;  // the node's name when the place is a node
  std::optional<uint64_t> offset;      // the byte offset when the place is one
  std::string section;                 // with an offset into a chip image: "TILE", "header"
  std::string pointer;                 // the JSON pointer when the place is one ("" = top level)
  bool has_pointer = false;            // the place is a JSON pointer
  std::optional<int64_t> line, column; // when the place is a line of a text file
  std::string message;                 // after "error: ", "warning: " or "note: "
  std::string text;                    // the whole line, as bnnc prints it
};

// One diagnostic line (without its "\n"). A line outside the grammar is an error whose message
// and text are the line.
Diagnostic parseDiagnostic(const std::string &line);
// Every line of `text` (an Error's what() holds one line per problem).
std::vector<Diagnostic> parseDiagnostics(const std::string &text);

} // namespace bnnc
