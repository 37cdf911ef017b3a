// Diagnostics read back from their text (see bnnc/support/diagnostic.h).
#include "bnnc/support/diagnostic.h"

#include <cstdlib>

namespace bnnc {

namespace {

struct Marker {
  const char *text;
  Severity severity;
};
const Marker kMarkers[] = {{": error: ", Severity::Error},
                           {": warning: ", Severity::Warning},
                           {": note: ", Severity::Note}};

// A decimal or hexadecimal ("0x...") number at the start of `text`, and where it ends.
std::optional<uint64_t> numberAt(const std::string &text, size_t &end) {
  const char *begin = text.c_str();
  char *stop = nullptr;
  uint64_t v = std::strtoull(begin, &stop, text.rfind("0x", 0) == 0 ? 16 : 10);
  end = size_t(stop - begin);
  return end > 0 ? std::optional<uint64_t>(v) : std::nullopt;
}

// "offset 0x1c0 (section TILE)", "offset 0x0 (header)", "offset 0x94" (a data file).
void readOffset(Diagnostic &d) {
  size_t end = 0;
  std::string rest = d.place.substr(7);
  d.offset = numberAt(rest, end);
  std::string tail = rest.substr(end);
  if (tail.size() > 3 && tail.rfind(" (", 0) == 0 && tail.back() == ')') {
    std::string part = tail.substr(2, tail.size() - 3);
    bool section = part.rfind("section ", 0) == 0 && part.rfind("section table", 0) != 0;
    d.section = section ? part.substr(8) : part; // "TILE"; "header", "section table entry 5 (TILE)"
  }
}

// "line 2" or "line 2, column 15".
void readLine(Diagnostic &d) {
  size_t end = 0;
  std::string rest = d.place.substr(5);
  if (std::optional<uint64_t> line = numberAt(rest, end))
    d.line = int64_t(*line);
  std::string tail = rest.substr(end);
  if (tail.rfind(", column ", 0) == 0)
    if (std::optional<uint64_t> column = numberAt(tail.substr(9), end))
      d.column = int64_t(*column);
}

void classifyPlace(Diagnostic &d) {
  const std::string &p = d.place;
  if (p.rfind("node '", 0) == 0 && p.rfind("' (") != std::string::npos)
    d.node = p.substr(6, p.rfind("' (") - 6);
  else if (p.rfind("offset 0x", 0) == 0)
    readOffset(d);
  else if (p.rfind("line ", 0) == 0)
    readLine(d);
  else if (p == "top level" || p.rfind('/', 0) == 0)
    d.has_pointer = true, d.pointer = p == "top level" ? "" : p;
}

} // namespace

const char *severityName(Severity s) {
  return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note";
}

Diagnostic parseDiagnostic(const std::string &line) {
  Diagnostic d;
  d.text = d.message = line;
  size_t at = std::string::npos;
  const Marker *marker = nullptr;
  for (const Marker &m : kMarkers)
    if (size_t pos = line.find(m.text); pos < at)
      at = pos, marker = &m;
  if (!marker)
    return d;
  d.severity = marker->severity;
  d.message = line.substr(at + std::char_traits<char>::length(marker->text));
  std::string where = line.substr(0, at);
  size_t colon = where.find(": ");
  d.file = where.substr(0, colon);
  if (colon != std::string::npos) {
    d.place = where.substr(colon + 2);
    classifyPlace(d);
  }
  return d;
}

std::vector<Diagnostic> parseDiagnostics(const std::string &text) {
  std::vector<Diagnostic> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? nl : nl - start);
    if (!line.empty())
      out.push_back(parseDiagnostic(line));
    start = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

} // namespace bnnc
