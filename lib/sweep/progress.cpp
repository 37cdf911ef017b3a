// Progress bar and progress lines.
#include "bnnc/sweep/progress.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace bnnc::sweep {

namespace {

// The default clock: seconds of std::chrono::steady_clock.
double steadySeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

constexpr int kBarWidth = 30;

} // namespace

std::string durationText(double s) {
  char buf[64];
  if (s < 10)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 60)
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%d min %02d s", int(s / 60), int(std::fmod(s, 60)));
  else
    std::snprintf(buf, sizeof buf, "%d h %02d min", int(s / 3600), int(std::fmod(s, 3600) / 60));
  return buf;
}

Progress::Progress(std::ostream &err, bool terminal, int64_t total, int64_t done, Clock clock)
    : err_(err), terminal_(terminal), total_(total), done_(done),
      clock_(clock ? std::move(clock) : Clock(steadySeconds)) {
  start_ = last_ = clock_();
  if (done_ > 0 && !terminal_)
    err_ << done_ << "/" << total_ << " points already in the outputs, skipped\n";
}

void Progress::finished(const std::string &label, const std::string &summary) {
  ++ran_;
  ++done_;
  double now = clock_(), took = now - last_;
  last_ = now;
  // Mean time per point run so far, times the points left.
  double left = (now - start_) / double(ran_) * double(total_ - done_);
  std::string eta = done_ < total_ ? std::string(", about ") + durationText(left) + " left" : "";
  if (!terminal_) {
    err_ << done_ << "/" << total_ << " " << label << ": " << summary << " (" << durationText(took)
         << eta << ")\n";
    return;
  }
  int filled = total_ > 0 ? int(kBarWidth * done_ / total_) : kBarWidth;
  err_ << "\r[" << std::string(size_t(filled), '#') << std::string(size_t(kBarWidth - filled), '.')
       << "] " << done_ << "/" << total_ << " points" << eta << "\x1b[K" << std::flush;
}

void Progress::close() {
  if (terminal_ && ran_ > 0)
    err_ << "\n";
}

} // namespace bnnc::sweep
