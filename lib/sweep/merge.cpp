// Merging shard outputs.
#include "bnnc/sweep/merge.h"

#include "bnnc/support/error.h"
#include "bnnc/support/file.h"

#include <algorithm>
#include <map>
#include <ostream>

namespace bnnc::sweep {

namespace {

[[noreturn]] void failAt(const ResultFile &f, size_t line, const std::string &message) {
  throw Error(f.path + ": line " + std::to_string(line) + ": error: " + message);
}

// "3 of 36 points are missing: 4, 9, 17".
std::string missingText(const std::vector<int64_t> &missing, int64_t points) {
  std::string text =
      std::to_string(missing.size()) + " of " + std::to_string(points) + " points are missing: ";
  for (size_t i = 0; i < missing.size() && i < 10; ++i)
    text += (i ? ", " : "") + std::to_string(missing[i]);
  return text + (missing.size() > 10 ? ", ..." : "") + " (did a shard fail or not finish?)";
}

// Adds one input's rows to `merged`, checking them against the first input.
void join(ResultFile &merged, const ResultFile &f,
          std::map<int64_t, std::pair<std::string, size_t>> &seen) {
  if (f.format != merged.format)
    throw Error("--merge: error: " + f.path + " and " + merged.path +
                " differ in format; merge CSV files or JSON lines files");
  if (!f.keys.empty() && !merged.keys.empty() && f.keys != merged.keys)
    failAt(f, f.rows.empty() ? 1 : f.rows[0].line_no,
           "the columns differ from those of " + merged.path);
  if (merged.keys.empty()) {
    merged.keys = f.keys;
    merged.header = f.header;
  }
  for (const ResultRow &r : f.rows) {
    if (!merged.rows.empty() && r.points != merged.rows[0].points)
      failAt(f, r.line_no,
             "the row belongs to a sweep of " + std::to_string(r.points) +
                 " points, the first row merged to one of " +
                 std::to_string(merged.rows[0].points));
    if (r.point >= r.points)
      failAt(f, r.line_no,
             "point " + std::to_string(r.point) + " is beyond the sweep's " +
                 std::to_string(r.points) + " points");
    auto [it, fresh] = seen.emplace(r.point, std::make_pair(f.path, r.line_no));
    if (!fresh)
      failAt(f, r.line_no,
             "point " + std::to_string(r.point) + " is also in " + it->second.first + ", line " +
                 std::to_string(it->second.second));
    merged.rows.push_back(r);
  }
}

} // namespace

ResultFile mergeResults(const std::vector<std::string> &paths, std::ostream &err) {
  ResultFile merged;
  merged.path = paths.at(0);
  for (const std::string &path : paths)
    formatOf(path, "--merge");
  merged.format = formatOf(paths[0], "--merge");
  std::map<int64_t, std::pair<std::string, size_t>> seen;
  for (const std::string &path : paths) {
    ResultFile f = readResultFile(path);
    if (f.truncated_line)
      err << path << ": line " << f.truncated_line
          << ": warning: dropped a cut-short last line (an interrupted write)\n";
    join(merged, f, seen);
  }
  if (merged.rows.empty())
    throw Error("--merge: error: the files hold no result rows");
  std::sort(merged.rows.begin(), merged.rows.end(),
            [](const ResultRow &a, const ResultRow &b) { return a.point < b.point; });
  std::vector<int64_t> missing;
  int64_t points = merged.rows[0].points;
  for (int64_t p = 0, i = 0; p < points; ++p) // rows are sorted and unique: a running index
    if (i < int64_t(merged.rows.size()) && merged.rows[size_t(i)].point == p)
      ++i;
    else
      missing.push_back(p);
  if (!missing.empty())
    throw Error("--merge: error: " + missingText(missing, points));
  return merged;
}

void writeResults(const ResultFile &file, const std::string &path) {
  if (formatOf(path, "-o") != file.format)
    throw Error("-o: error: " + path + " is not in the format of " + file.path +
                "; merge into the same format (.csv or .jsonl)");
  writeFileAtomic(path, [&](std::ostream &s) {
    s << file.header;
    for (const ResultRow &r : file.rows)
      s << r.line;
  });
}

} // namespace bnnc::sweep
