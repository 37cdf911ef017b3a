// The output files of a sweep, written as points finish: each row is flushed as soon as its point
// is done, so an interrupted sweep keeps every finished point (and at most a cut-short last
// line, which --resume drops). With --resume the files' rows are checked against the sweep and
// their points skipped.
#pragma once

#include "bnnc/sweep/rows.h"

#include <cstdint>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

namespace bnnc::sweep {

// What the rows of one sweep look like, to recognise them in an existing file.
struct Layout {
  std::vector<std::string> keys;     // rowKeys(parameters)
  int64_t points = 0;                // points of the whole sweep
  std::function<json(int64_t)> head; // rowHead of a point
  std::function<bool(int64_t)> mine; // the point belongs to this run's shard
};

class Outputs {
public:
  // Without `resume` every file starts anew (a CSV with its header). With it, the points that
  // every file holds are done; rows of other points are dropped, new rows appended. Warnings
  // (a dropped cut-short line) go to `err`.
  Outputs(const std::vector<std::string> &paths, const Layout &layout, bool resume,
          std::ostream &err);
  bool done(int64_t point) const { return done_.count(point) > 0; }
  int64_t doneCount() const { return int64_t(done_.size()); }
  // Appends the row of `point` to every file and flushes it.
  void write(int64_t point, const json &row);
  // Sorts the rows by point where a resume appended some before older ones.
  void close();

private:
  struct File {
    std::string path;
    Format format;
    std::ofstream stream;
  };
  std::set<int64_t> resumeFile(const std::string &path, const Layout &layout, std::ostream &err);
  void rewrite(const std::string &path, const Layout &layout);

  std::vector<File> files_;
  Layout layout_;
  std::set<int64_t> done_;
  int64_t last_ = -1;   // the highest point in the files
  bool ordered_ = true; // rows are in point order
};

} // namespace bnnc::sweep
