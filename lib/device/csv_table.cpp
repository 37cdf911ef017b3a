// The strict CSV table reader of measured resistances and fault maps.
#include "csv_table.h"
#include "bnnc/support/csv_fields.h"
#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/support/text.h"

#include <cmath>
#include <string_view>

namespace bnnc::device {

namespace {

std::vector<std::string> splitFields(std::string_view line) {
  std::vector<std::string> fields;
  for (std::string_view f : splitCsvFields(line))
    fields.emplace_back(f);
  return fields;
}

std::string joined(const std::vector<std::string> &fields) {
  std::string s;
  for (const std::string &f : fields)
    s += (s.empty() ? "" : ",") + f;
  return s;
}

} // namespace

void failCsvLine(const std::string &path, int64_t line, const std::string &message) {
  throw Error(path + ": line " + std::to_string(line) + ": error: " + message);
}

bool parseCsvNumber(const std::string &field, double &value) {
  return parseFieldNumber(field, value) && std::isfinite(value);
}

std::vector<CsvRow> readCsvTable(const std::string &path, const std::vector<std::string> &header,
                                 int64_t max_rows) {
  std::string text = readFileText(path);
  std::vector<CsvRow> rows;
  bool header_seen = false;
  int64_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    std::string_view line = std::string_view(text).substr(pos, end - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    ++line_no;
    if (trimField(line).empty())
      continue;
    std::vector<std::string> fields = splitFields(line);
    if (!header_seen) {
      if (fields != header)
        failCsvLine(path, line_no,
                    "the header must be '" + joined(header) + "', got " +
                        quoteShort(std::string(trimField(line))));
      header_seen = true;
      continue;
    }
    if (fields.size() != header.size())
      failCsvLine(path, line_no,
                  "expected " + std::to_string(header.size()) + " fields, got " +
                      std::to_string(fields.size()));
    if (int64_t(rows.size()) >= max_rows)
      failCsvLine(path, line_no, "more than " + std::to_string(max_rows) + " rows");
    rows.push_back({line_no, std::move(fields)});
  }
  if (!header_seen)
    throw Error(path + ": error: empty file, expected the header '" + joined(header) + "'");
  return rows;
}

} // namespace bnnc::device
