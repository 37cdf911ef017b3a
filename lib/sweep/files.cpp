// Result files read back and checked line by line.
#include "bnnc/sweep/files.h"

#include "bnnc/support/error.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bnnc::sweep {

namespace {

[[noreturn]] void failAt(const ResultFile &f, size_t line, const std::string &message) {
  throw Error(f.path + ": line " + std::to_string(line) + ": error: " + message);
}

// A non-negative decimal integer, the whole text.
bool parseIndex(const std::string &text, int64_t &v) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && p == text.data() + text.size() && !text.empty() && v >= 0;
}

// The file's complete lines, each with its "\n"; a last line without one is cut short.
std::vector<std::string> readLines(ResultFile &f) {
  std::vector<std::string> lines;
  std::error_code ec;
  if (!std::filesystem::exists(f.path, ec))
    return lines;
  std::ifstream in(f.path, std::ios::binary);
  if (!in)
    throw Error(f.path + ": error: cannot open file for reading");
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  size_t start = 0;
  for (size_t nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(all.substr(start, nl + 1 - start));
  if (start < all.size())
    f.truncated_line = lines.size() + 1;
  return lines;
}

// A CSV row: the header's field count, and its point and points.
void readCsvRow(ResultFile &f, const std::string &line, size_t no) {
  std::vector<std::string> fields;
  if (!splitCsvLine(line.substr(0, line.size() - 1), fields))
    failAt(f, no, "unbalanced quotes");
  if (fields.size() != f.keys.size())
    failAt(f, no,
           "has " + std::to_string(fields.size()) + " fields, the header " +
               std::to_string(f.keys.size()));
  ResultRow row{0, 0, line, no};
  if (!parseIndex(fields[0], row.point) || !parseIndex(fields[1], row.points))
    failAt(f, no,
           "point and points must be non-negative integers, got '" + fields[0] + "' and '" +
               fields[1] + "'");
  f.rows.push_back(std::move(row));
}

// A JSON line: an object with the first row's keys, starting with point and points.
void readJsonRow(ResultFile &f, const std::string &line, size_t no) {
  json v = json::parse(line, nullptr, false);
  if (!v.is_object())
    failAt(f, no, "not a JSON object");
  std::vector<std::string> keys;
  for (const auto &[k, x] : v.items())
    keys.push_back(k);
  if (f.keys.empty())
    f.keys = keys;
  if (keys != f.keys)
    failAt(f, no,
           "its keys differ from line " + std::to_string(f.rows.empty() ? no : f.rows[0].line_no) +
               "'s");
  if (keys.size() < 2 || keys[0] != "point" || keys[1] != "points" ||
      !v["point"].is_number_unsigned() || !v["points"].is_number_unsigned())
    failAt(f, no,
           "a sweep result row starts with \"point\" and \"points\", non-negative "
           "integers");
  f.rows.push_back({v["point"].get<int64_t>(), v["points"].get<int64_t>(), line, no});
}

} // namespace

ResultFile readResultFile(const std::string &path) {
  ResultFile f;
  f.path = path;
  f.format = formatOf(path, path); // callers checked it, naming their option
  std::vector<std::string> lines = readLines(f);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (f.format == Format::Jsonl) {
      readJsonRow(f, lines[i], i + 1);
    } else if (i > 0) {
      readCsvRow(f, lines[i], i + 1);
    } else {
      f.header = lines[0];
      splitCsvLine(f.header.substr(0, f.header.size() - 1), f.keys);
      if (f.keys.size() < 2 || f.keys[0] != "point" || f.keys[1] != "points")
        failAt(f, 1, "not a sweep result: the header does not start with point,points");
    }
  }
  return f;
}

int Table::column(const std::string &name) const {
  auto it = std::find(keys.begin(), keys.end(), name);
  return it == keys.end() ? -1 : int(it - keys.begin());
}

std::optional<double> Table::number(size_t row, int col) const {
  if (col < 0 || cells[row][size_t(col)].empty())
    return std::nullopt;
  const std::string &text = cells[row][size_t(col)];
  char *end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() ? std::optional<double>(v) : std::nullopt;
}

std::vector<std::string> Table::parameters() const {
  int first_result = column(resultColumns()[0]);
  return std::vector<std::string>(keys.begin() + std::min<size_t>(2, keys.size()),
                                  first_result < 0 ? keys.end() : keys.begin() + first_result);
}

Table tableOf(const ResultFile &f) {
  Table t{f.keys, {}};
  for (const ResultRow &r : f.rows) {
    std::vector<std::string> cells;
    std::string text = r.line.substr(0, r.line.size() - 1); // without its "\n"
    if (f.format == Format::Csv) {
      splitCsvLine(text, cells);
    } else {
      json row = json::parse(text);
      for (const auto &[k, v] : row.items())
        cells.push_back(valueText(v));
    }
    t.cells.push_back(std::move(cells));
  }
  return t;
}

} // namespace bnnc::sweep
