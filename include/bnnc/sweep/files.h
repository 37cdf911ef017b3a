// Reading sweep result files back (CSV or JSON lines), for --resume, --merge and the analysis:
// the rows with their point numbers, and a table of their values.
#pragma once

#include "bnnc/sweep/rows.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnnc::sweep {

struct ResultRow {
  int64_t point = 0, points = 0;
  std::string line; // as in the file, with its "\n"
  size_t line_no = 0;
};

struct ResultFile {
  std::string path;
  Format format = Format::Csv;
  std::string header;            // CSV: the header line with its "\n"; empty otherwise
  std::vector<std::string> keys; // CSV: the header's fields; JSON lines: the first row's keys
  std::vector<ResultRow> rows;
  size_t truncated_line = 0; // a last line cut short (no "\n", an interrupted write), or 0
};

// Reads and checks a result file: every complete row must have the header's fields (CSV) or the
// first row's keys (JSON lines) and integer `point` and `points`. A missing or empty file has
// no rows. Errors name the file and the line: "out.csv: line 7: error: ...".
ResultFile readResultFile(const std::string &path);

// A file's values as text (numbers in their shortest form, null empty), for the analysis.
struct Table {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> cells;
  int column(const std::string &name) const; // -1 when absent
  std::optional<double> number(size_t row, int column) const;
  std::vector<std::string> parameters() const; // the keys between `points` and the results
};
Table tableOf(const ResultFile &file);

} // namespace bnnc::sweep
