// Measured resistance distributions: the CSV reader and the empirical statistics.
#include "measured.h"
#include "bnnc/device/physics.h"
#include "bnnc/support/error.h"
#include "bnnc/support/text.h"
#include "csv_table.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace bnnc::device {

namespace {

void checkCount(const std::string &path, const std::vector<double> &values, const char *state,
                const std::string &condition, const std::set<std::string> &conditions) {
  if (values.size() >= kMinMeasured)
    return;
  std::string seen;
  for (const std::string &c : conditions)
    seen += (seen.empty() ? "" : ", ") + c;
  throw Error(path + ": error: " + std::to_string(values.size()) + " " + state +
              " resistances for condition '" + condition + "', at least " +
              std::to_string(kMinMeasured) +
              " needed (conditions in the file: " + (seen.empty() ? "none" : seen) + ")");
}

} // namespace

Measured readMeasured(const std::string &path, const std::string &condition) {
  std::vector<CsvRow> rows =
      readCsvTable(path, {"condition", "state", "resistance_ohm"}, kMaxMeasuredRows);
  Measured m;
  m.file = std::filesystem::absolute(path).lexically_normal().string();
  std::set<std::string> conditions;
  for (const CsvRow &row : rows) {
    const std::string &state = row.fields[1];
    if (state != "LRS" && state != "HRS")
      failCsvLine(path, row.line, "state must be LRS or HRS, got " + quoteShort(state));
    double ohm = 0;
    if (!parseCsvNumber(row.fields[2], ohm) || !(ohm > 0) || ohm > 1e12)
      failCsvLine(path, row.line,
                  "resistance_ohm must be a number in (0, 1e12], got " + quoteShort(row.fields[2]));
    conditions.insert(row.fields[0]);
    if (row.fields[0] == condition)
      (state == "LRS" ? m.lrs : m.hrs).push_back(std::log(ohm));
  }
  checkCount(path, m.lrs, "LRS", condition, conditions);
  checkCount(path, m.hrs, "HRS", condition, conditions);
  std::sort(m.lrs.begin(), m.lrs.end());
  std::sort(m.hrs.begin(), m.hrs.end());
  return m;
}

double measuredMedian(const std::vector<double> &v) {
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double measuredSigma(const std::vector<double> &v) {
  double mean = 0, sq = 0;
  for (double x : v)
    mean += x / double(v.size());
  for (double x : v)
    sq += (x - mean) * (x - mean);
  return v.size() > 1 ? std::sqrt(sq / double(v.size() - 1)) : 0.0;
}

// Value i (0-based) of n sorted values sits at probability (i + 1/2) / n (Hazen), so the
// quantile at u is at position h = u n - 1/2, interpolated linearly between neighbours and held
// at the first and last values outside [1/(2n), 1 - 1/(2n)].
double measuredQuantile(const std::vector<double> &v, double z) {
  double u = normalTail(-z); // Phi(z)
  double h = u * double(v.size()) - 0.5;
  if (h <= 0)
    return v.front();
  if (h >= double(v.size() - 1))
    return v.back();
  size_t i = size_t(h);
  double f = h - double(i);
  return v[i] + f * (v[i + 1] - v[i]);
}

} // namespace bnnc::device
