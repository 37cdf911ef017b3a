// Result rows as CSV and JSON lines.
#include "sweep_rows.h"

#include "bnnc/support/error.h"
#include "bnnc/support/format.h"

#include <filesystem>

namespace bnnc::driver::dse {

Format formatOf(const std::string &path, const std::string &flag) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".csv")
    return Format::Csv;
  if (ext == ".jsonl" || ext == ".ndjson")
    return Format::Jsonl;
  throw Error(flag + ": error: " + path + " must end in .csv or .jsonl (JSON lines)");
}

const std::vector<std::string> &resultColumns() {
  static const std::vector<std::string> names = {"accuracy",
                                                 "accuracy_ci95_lo",
                                                 "accuracy_ci95_hi",
                                                 "ideal_accuracy",
                                                 "prediction_change_fraction",
                                                 "observed_ber",
                                                 "cell_ber",
                                                 "energy_per_inference_pj",
                                                 "latency_per_inference_ns",
                                                 "programming_energy_nj",
                                                 "programming_time_us",
                                                 "cells_used",
                                                 "tiles_used"};
  return names;
}

std::vector<std::string> rowKeys(const std::vector<std::string> &parameters) {
  std::vector<std::string> keys = {"point", "points"};
  keys.insert(keys.end(), parameters.begin(), parameters.end());
  keys.insert(keys.end(), resultColumns().begin(), resultColumns().end());
  return keys;
}

json rowHead(int64_t point, int64_t points, const std::vector<std::string> &parameters,
             const std::vector<json> &values) {
  json head = {{"point", point}, {"points", points}};
  for (size_t i = 0; i < parameters.size(); ++i)
    head[parameters[i]] = values[i];
  return head;
}

std::string csvField(const json &v) {
  if (v.is_null())
    return "";
  if (v.is_number_float())
    return formatDouble(v.get<double>());
  if (!v.is_string())
    return v.dump(); // integers, true, false
  std::string s = v.get<std::string>();
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote)
    return s;
  std::string q = "\"";
  for (char c : s)
    q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csvHeader(const std::vector<std::string> &keys) {
  std::string line;
  for (const std::string &k : keys) {
    line += line.empty() ? "" : ",";
    line += csvField(k);
  }
  return line + "\n";
}

std::string rowLine(Format format, const json &row) {
  if (format == Format::Jsonl)
    return row.dump() + "\n";
  std::string line;
  for (const auto &[key, value] : row.items()) {
    line += line.empty() ? "" : ",";
    line += csvField(value);
  }
  return line + "\n";
}

std::string rowPrefix(Format format, const json &head) {
  // The head is the row's first keys, so its line, cut before its end, starts the full row's.
  std::string line = rowLine(format, head);
  line.pop_back(); // "\n"
  if (format == Format::Jsonl)
    line.pop_back(); // "}": the results follow
  return line + ",";
}

bool splitCsvLine(const std::string &line, std::vector<std::string> &fields) {
  fields.assign(1, "");
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
      fields.back() += line[++i]; // "" inside quotes is one quote
    else if (c == '"' && (quoted || fields.back().empty()))
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else
      fields.back() += c;
  }
  return !quoted;
}

} // namespace bnnc::driver::dse
