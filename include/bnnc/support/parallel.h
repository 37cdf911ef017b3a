// The one way bnnc runs work on several threads.
#pragma once

#include <functional>

namespace bnnc {

// Runs fn(0) .. fn(n - 1): fn(0) on the calling thread, the others on threads of their own, and
// returns when all are done. If some fn(i) threw, rethrows the exception of the lowest such i
// (after every thread has joined: no thread outlives the call). When the system cannot start a
// thread (no memory for its stack, a process limit), that index and the ones after it run on the
// calling thread instead, so a busy machine makes a run slower, never a crash; every caller's
// results therefore must not depend on which thread runs an index (bnnc's loops are written so).
void runParallel(int n, const std::function<void(int)> &fn);

} // namespace bnnc
