// The result rows of a sweep (docs/sweep-format.md, "Output"): one per point, keys `point`,
// `points`, the swept parameters, then the results; as a CSV line or a JSON line. The text of a
// row depends on the point alone, so that shards merge into the single run's bytes.
#pragma once

#include "bnnc/sweep/params.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnnc::sweep {

enum class Format { Csv, Jsonl };
// By extension: .csv, or .jsonl / .ndjson; anything else is "<flag>: error: ...".
Format formatOf(const std::string &path, const std::string &flag);

// accuracy, accuracy_ci95_lo, accuracy_ci95_hi, ideal_accuracy, ... tiles_used.
const std::vector<std::string> &resultColumns();
// point, points, the parameters, the results.
std::vector<std::string> rowKeys(const std::vector<std::string> &parameters);

// The first part of a row: {"point": p, "points": n, parameter: value...}.
json rowHead(int64_t point, int64_t points, const std::vector<std::string> &parameters,
             const std::vector<json> &values);

// A row (an object) as one line with its "\n"; and the text a row with `head` starts with.
std::string rowLine(Format format, const json &row);
std::string rowPrefix(Format format, const json &head);
std::string csvHeader(const std::vector<std::string> &keys); // with its "\n"

// A CSV field: numbers in their shortest round-trip form (bnnc::formatDouble), null empty,
// strings quoted (RFC 4180) when they hold a comma, a quote, a line break or edge spaces.
std::string csvField(const json &value);
// Splits one CSV line (without its "\n") into fields; false on a malformed quote.
bool splitCsvLine(const std::string &line, std::vector<std::string> &fields);

} // namespace bnnc::sweep
