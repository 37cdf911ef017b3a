// runParallel: threads, with the calling thread taking over what cannot be started.
#include "bnnc/support/parallel.h"

#include <exception>
#include <thread>
#include <vector>

namespace bnnc {

void runParallel(int n, const std::function<void(int)> &fn) {
  if (n < 1)
    return;
  std::vector<std::exception_ptr> errors(size_t(n), nullptr);
  auto guarded = [&fn, &errors](int i) {
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
