// runParallel: threads, with the calling thread taking over what cannot be started.
#include "bnnc/support/parallel.h"

#include <atomic>
#include <cassert>
#include <exception>
#include <thread>
#include <vector>

namespace bnnc {

namespace {
std::atomic<ThreadWatch *> watch{nullptr};
} // namespace

ThreadWatch::ThreadWatch() {
  ThreadWatch *none = nullptr;
  [[maybe_unused]] bool first = watch.compare_exchange_strong(none, this);
  assert(first && "one ThreadWatch at a time");
}

ThreadWatch::~ThreadWatch() { watch = nullptr; }

size_t ThreadWatch::threads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return seen_.size();
}

void ThreadWatch::note(std::thread::id id) {
  std::lock_guard<std::mutex> lock(mutex_);
  seen_.insert(id);
}

void runParallel(int n, const std::function<void(int)> &fn) {
  if (n < 1)
    return;
  std::vector<std::exception_ptr> errors(size_t(n), nullptr);
  auto guarded = [&fn, &errors](int i) {
    if (ThreadWatch *w = watch.load())
      w->note(std::this_thread::get_id());
    try {
      fn(i);
    } catch (...) { // an exception must not escape a thread (std::terminate)
      errors[size_t(i)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  int started = 1;
  try {
    pool.reserve(size_t(n - 1));
    for (; started < n; ++started)
      pool.emplace_back(guarded, started);
  } catch (const std::exception &) {
    // std::system_error (EAGAIN) or std::bad_alloc: the rest runs here.
  }
  guarded(0);
  for (int i = started; i < n; ++i)
    guarded(i);
  for (std::thread &t : pool)
    t.join();
  for (const std::exception_ptr &e : errors)
    if (e)
      std::rethrow_exception(e);
}

} // namespace bnnc
