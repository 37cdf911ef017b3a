// Progress of a sweep on stderr: on a terminal a bar redrawn in place with the time left; in a
// log (Slurm, GNU parallel, make) one plain line per finished point. The time left is the mean
// time of the points run so far times the points still to run.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace bnnc::sweep {

// "0.4 s", "45 s", "3 min 20 s", "2 h 05 min".
std::string durationText(double seconds);

class Progress {
public:
  using Clock = std::function<double()>; // seconds, monotonic
  // `total` points in this run, of which `done` were already in the outputs (--resume).
  Progress(std::ostream &err, bool terminal, int64_t total, int64_t done, Clock clock = {});
  // A point finished: its label ("point 3 (ber=0.01)") and a short summary of its results.
  void finished(const std::string &label, const std::string &summary);
  void close(); // ends the bar's line

private:
  std::ostream &err_;
  bool terminal_;
  int64_t total_, done_, ran_ = 0;
  Clock clock_;
  double start_ = 0, last_ = 0;
};

} // namespace bnnc::sweep
