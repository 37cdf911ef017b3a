// CSV fields (see csv_fields.h).
#include "bnnc/support/csv_fields.h"

#include <charconv>

namespace bnnc {

std::string_view trimField(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> splitCsvFields(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    size_t comma = line.find(',', start);
    fields.push_back(trimField(line.substr(start, comma - start)));
    if (comma == std::string_view::npos)
      return fields;
    start = comma + 1;
  }
}

bool parseFieldNumber(std::string_view s, double &value) {
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') // from_chars takes no leading '+'
    s.remove_prefix(1);
  auto res = std::from_chars(s.data(), s.data() + s.size(), value);
  return !s.empty() && res.ec == std::errc() && res.ptr == s.data() + s.size();
}

} // namespace bnnc
