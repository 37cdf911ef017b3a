// The fields of one CSV line, as bnnc's CSV readers take them (data files, measured
// resistances, fault maps): split at every comma (no quoting), spaces and tabs around a field
// and a "\r" before the line end dropped.
#pragma once

#include <string_view>
#include <vector>

namespace bnnc {

// `s` without leading and trailing spaces and tabs, and without a trailing "\r".
std::string_view trimField(std::string_view s);

// The trimmed fields of `line` (one field when it holds no comma).
std::vector<std::string_view> splitCsvFields(std::string_view line);

// A whole field as a number ("1e3", "+2", "-0.5"; also "inf" and "nan"): false otherwise.
bool parseFieldNumber(std::string_view field, double &value);

} // namespace bnnc
