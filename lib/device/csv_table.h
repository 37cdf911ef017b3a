// A strict reader of the small CSV tables a user gives bnnc about a chip (measured resistances,
// fault maps): a header naming the columns, then rows of exactly that many fields. Errors name
// the file and the line: "faults.csv: line 3: error: expected 5 fields, got 4".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::device {

struct CsvRow {
  int64_t line = 0; // 1-based line number in the file
  std::vector<std::string> fields;
};

// The rows of `path` after its header, which must be `header` exactly. Blank lines are skipped,
// "\r\n" line ends accepted, spaces around fields trimmed; no quoting. At most `max_rows` rows.
std::vector<CsvRow> readCsvTable(const std::string &path, const std::vector<std::string> &header,
                                 int64_t max_rows);

[[noreturn]] void failCsvLine(const std::string &path, int64_t line, const std::string &message);

// A whole field as a finite number ("1e3", "+2"); false otherwise.
bool parseCsvNumber(const std::string &field, double &value);

} // namespace bnnc::device
