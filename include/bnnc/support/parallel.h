// The one way bnnc runs work on several threads.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

namespace bnnc {

// Runs fn(0) .. fn(n - 1): fn(0) on the calling thread, the others on threads of their own, and
// returns when all are done. If some fn(i) threw, rethrows the exception of the lowest such i
// (after every thread has joined: no thread outlives the call). When the system cannot start a
// thread (no memory for its stack, a process limit), that index and the ones after it run on the
// calling thread instead, so a busy machine makes a run slower, never a crash; every caller's
// results therefore must not depend on which thread runs an index (bnnc's loops are written so).
void runParallel(int n, const std::function<void(int)> &fn);

// For tests: while a ThreadWatch lives, runParallel notes the id of every thread that runs an
// index, so that a test of "the same result at any thread count" can show that several threads
// really ran. One at a time; it costs nothing when none lives. The threads of one runParallel
// call are distinct (none is joined before all have started); a later call may reuse their ids.
class ThreadWatch {
public:
  ThreadWatch();
  ~ThreadWatch();
  ThreadWatch(const ThreadWatch &) = delete;
  ThreadWatch &operator=(const ThreadWatch &) = delete;
  size_t threads() const; // distinct threads seen so far
  void note(std::thread::id id); // runParallel calls it

private:
  mutable std::mutex mutex_;
  std::set<std::thread::id> seen_;
};

} // namespace bnnc
