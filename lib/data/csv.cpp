// CSV samples: one sample per line, values separated by commas, every line of the same length.
// The first non-blank line is a header, and skipped, when any of its fields is not a number.
// Blank lines are skipped; "\r\n" line ends are accepted.
#include "bnnc/data/formats.h"
#include "bnnc/support/csv_fields.h"
#include "bnnc/support/text.h"

namespace bnnc::data {

namespace {

bool isBlank(std::string_view line) { return trimField(line).empty(); }

} // namespace

RawArray parseCsv(const Source &src, int64_t max_values) {
  std::string_view text(reinterpret_cast<const char *>(src.bytes.data()), src.bytes.size());
  RawArray array;
  int64_t cols = -1, rows = 0, line_no = 0;
  bool first = true;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (isBlank(line))
      continue;
    std::vector<std::string_view> fields = splitCsvFields(line);
    std::vector<double> values(fields.size());
    size_t bad = 0; // index of the first field that is not a number, or fields.size()
    while (bad < fields.size() && parseFieldNumber(fields[bad], values[bad]))
      ++bad;
    bool header = first && bad < fields.size(); // a header's fields are names, not values
    first = false;
    if (header)
      continue;
    if (bad < fields.size())
      src.failLine(line_no, "value " + std::to_string(bad + 1) + " " +
                                quoteShort(std::string(fields[bad])) + " is not a number");
    if (cols < 0)
      cols = int64_t(values.size());
    if (int64_t(values.size()) != cols)
      src.failLine(line_no, "expected " + std::to_string(cols) + " values, got " +
                                std::to_string(values.size()));
    if (int64_t(array.csv_values.size() + values.size()) > max_values)
      src.failLine(line_no, "the file holds more than " + std::to_string(max_values) +
                                " values, the limit for a data file (bnnc holds data sets in "
                                "memory)");
    array.csv_values.insert(array.csv_values.end(), values.begin(), values.end());
    array.csv_lines.push_back(line_no);
    ++rows;
  }
  array.csv = true;
  array.type = ElemType::F64;
  array.shape = {rows, cols < 0 ? 0 : cols};
  return array;
}

} // namespace bnnc::data
