// Output files of a sweep: incremental writes, resume, final order.
#include "bnnc/sweep/output.h"

#include "bnnc/support/error.h"
#include "bnnc/support/file.h"
#include "bnnc/sweep/files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

namespace bnnc::sweep {

namespace {

[[noreturn]] void failAt(const std::string &path, size_t line, const std::string &message) {
  throw Error(path + ": line " + std::to_string(line) + ": error: " + message);
}

// "point,points,ber" for messages.
std::string joined(const std::vector<std::string> &keys) {
  std::string text;
  for (const std::string &k : keys)
    text += (text.empty() ? "" : ",") + k;
  return text;
}

// Checks that a row was written by this sweep: its point, its size and its parameter values.
void checkRow(const ResultFile &f, const ResultRow &r, const Layout &layout) {
  if (r.points != layout.points)
    failAt(f.path, r.line_no,
           "the row belongs to a sweep of " + std::to_string(r.points) + " points, this one has " +
               std::to_string(layout.points));
  if (r.point >= layout.points)
    failAt(f.path, r.line_no, "point " + std::to_string(r.point) + " is not in this sweep");
  if (!layout.mine(r.point))
    failAt(f.path, r.line_no, "point " + std::to_string(r.point) + " is not in this shard");
  std::string prefix = rowPrefix(f.format, layout.head(r.point));
  if (r.line.rfind(prefix, 0) != 0)
    failAt(f.path, r.line_no,
           "point " + std::to_string(r.point) +
               " has other parameter values than in this sweep, where its row starts with '" +
               prefix + "'");
}

// Flushes, so that a finished row survives a crash; a full disk is an error naming the file.
void checkFlushed(std::ofstream &s, const std::string &path) {
  if (!s.flush())
    throw Error(path + ": error: cannot write: " + std::strerror(errno));
}

} // namespace

std::set<int64_t> Outputs::resumeFile(const std::string &path, const Layout &layout,
                                      std::ostream &err) {
  ResultFile f = readResultFile(path);
  if (f.truncated_line)
    err << path << ": line " << f.truncated_line
        << ": warning: dropped a cut-short last line (an interrupted write)\n";
  if (!f.keys.empty() && f.keys != layout.keys)
    failAt(path, f.rows.empty() || f.format == Format::Csv ? 1 : f.rows[0].line_no,
           "the columns differ from this sweep's (" + joined(layout.keys) + ")");
  std::set<int64_t> points;
  for (const ResultRow &r : f.rows) {
    checkRow(f, r, layout);
    if (!points.insert(r.point).second)
      failAt(path, r.line_no, "point " + std::to_string(r.point) + " is there twice");
  }
  return points;
}

// Keeps the rows of the done points, in point order (the file is replaced atomically).
void Outputs::rewrite(const std::string &path, const Layout &layout) {
  ResultFile f = readResultFile(path);
  std::sort(f.rows.begin(), f.rows.end(),
            [](const ResultRow &a, const ResultRow &b) { return a.point < b.point; });
  writeFileAtomic(path, [&](std::ostream &s) {
    if (f.format == Format::Csv)
      s << csvHeader(layout.keys);
    for (const ResultRow &r : f.rows)
      if (done_.count(r.point))
        s << r.line;
  });
}

Outputs::Outputs(const std::vector<std::string> &paths, const Layout &layout, bool resume,
                 std::ostream &err) {
  std::vector<std::set<int64_t>> held;
  for (const std::string &path : paths)
    held.push_back(resume ? resumeFile(path, layout, err) : std::set<int64_t>{});
  // Done: the points that every file holds.
  if (!held.empty())
    done_ = held[0];
  for (const std::set<int64_t> &h : held)
    std::erase_if(done_, [&](int64_t p) { return !h.count(p); });
  last_ = done_.empty() ? -1 : *done_.rbegin();
  // Each file keeps the rows of the done points (in point order), and the new rows are appended.
  for (const std::string &path : paths) {
    if (resume)
      rewrite(path, layout);
    File f{path, formatOf(path, "-o"), {}};
    f.stream.open(path,
                  resume ? std::ios::binary | std::ios::app : std::ios::binary | std::ios::trunc);
    if (!f.stream)
      throw Error(path + ": error: cannot open file for writing: " + std::strerror(errno));
    if (!resume && f.format == Format::Csv)
      f.stream << csvHeader(layout.keys);
    checkFlushed(f.stream, path);
    files_.push_back(std::move(f));
  }
  layout_ = layout;
}

void Outputs::write(int64_t point, const json &row) {
  for (File &f : files_) {
    f.stream << rowLine(f.format, row);
    checkFlushed(f.stream, f.path);
  }
  done_.insert(point);
  ordered_ = ordered_ && point > last_;
  last_ = std::max(last_, point);
}

void Outputs::close() {
  for (File &f : files_) {
    f.stream.close();
    if (!ordered_)
      rewrite(f.path, layout_);
  }
}

} // namespace bnnc::sweep
