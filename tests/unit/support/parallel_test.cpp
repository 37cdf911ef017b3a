// runParallel: every index runs once, each on a thread of its own (ids seen, so that the "same
// result at any thread count" tests of the other modules cannot pass on one thread); the lowest
// failing index's exception comes back after all threads joined; and when no thread can be
// started the calling thread runs everything.
#include "bnnc/support/parallel.h"
#include "sanitizers.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <mutex>
#include <set>
#include <stdexcept>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace bnnc {
namespace {

TEST(RunParallel, RunsEveryIndexOnce) {
  for (int n : {0, 1, 2, 7}) {
    std::vector<std::atomic<int>> runs(size_t(n + 1));
    runParallel(n, [&](int i) { ++runs[size_t(i)]; });
    for (int i = 0; i < n; ++i)
      EXPECT_EQ(runs[size_t(i)], 1) << n << " " << i;
    EXPECT_EQ(runs[size_t(n)], 0);
  }
}

// Each index on its own thread, index 0 on the caller's; ThreadWatch, which the other modules'
// thread-count tests use, sees the same threads.
TEST(RunParallel, RunsEachIndexOnAThreadOfItsOwn) {
  std::mutex m;
  std::vector<std::thread::id> ids(5);
  ThreadWatch watch;
  runParallel(5, [&](int i) {
    std::lock_guard<std::mutex> lock(m);
    ids[size_t(i)] = std::this_thread::get_id();
  });
  EXPECT_EQ(ids[0], std::this_thread::get_id());
  EXPECT_EQ(std::set<std::thread::id>(ids.begin(), ids.end()).size(), 5u);
  EXPECT_EQ(watch.threads(), 5u);
}

TEST(RunParallel, RethrowsTheLowestFailingIndexAfterEveryIndexRan) {
  std::atomic<int> done{0};
  try {
    runParallel(6, [&](int i) {
      ++done;
      if (i == 2 || i == 4)
        throw std::runtime_error("index " + std::to_string(i));
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "index 2");
  }
  EXPECT_EQ(done, 6);
}

// With the address space limited to what the process already maps plus 1 MB, no thread stack
// (8 MB) can be mapped: std::thread throws, and every index runs on the calling thread.
void runWithoutRoomForThreads() {
  long pages = 0;
  std::ifstream("/proc/self/statm") >> pages; // total program size, in pages
  rlim_t limit = rlim_t(pages) * rlim_t(sysconf(_SC_PAGESIZE)) + (1 << 20);
  rlimit r{limit, limit};
  if (setrlimit(RLIMIT_AS, &r) != 0)
    std::_Exit(3);
  std::mutex m;
  std::set<std::thread::id> threads;
  int runs = 0;
  runParallel(4, [&](int) {
    std::lock_guard<std::mutex> lock(m);
    threads.insert(std::this_thread::get_id());
    ++runs;
  });
  bool all_here = threads.size() == 1 && *threads.begin() == std::this_thread::get_id();
  std::_Exit(runs == 4 && all_here ? 0 : 1);
}

TEST(RunParallel, CallingThreadTakesOverWhenNoThreadStarts) {
  if (test::kAddressSanitizer)
    GTEST_SKIP() << "an address-space limit and AddressSanitizer do not mix";
  // A fresh process (re-executed for this test only): earlier tests' threads leave stacks in
  // glibc's cache, which a new thread would reuse without mapping memory.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(runWithoutRoomForThreads(), testing::ExitedWithCode(0), "");
}

} // namespace
} // namespace bnnc
