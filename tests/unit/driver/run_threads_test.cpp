// bnnc run --threads N runs on N threads (ThreadWatch sees their ids) on the ideal chip, on
// virtual chips and on the reference interpreter. The CLI's "same result at any thread count"
// tests (tests/malformed/determinism_test.cpp, tests/e2e/device_run_test.cpp and
// run_report_test.cpp) therefore compare runs that really differ in their threads.
#include "bnnc/driver/driver.h"
#include "bnnc/support/parallel.h"

#include <gtest/gtest.h>
#include <sstream>

namespace bnnc::driver {
namespace {

TEST(RunThreads, EveryKindOfRunUsesTheThreadsItIsGiven) {
  const std::string model = BNNC_SOURCE_DIR "/samples/models/mnist_mlp.onnx";
  const std::string image = testing::TempDir() + "/run_threads.bnn";
  std::ostringstream out, err;
  CompileRequest c;
  c.model = model;
  c.output = image;
  compile(c, out, err);
  RunRequest ideal, chips, reference;
  ideal.model = chips.model = image;
  reference.model = model;
  ideal.ideal = true;
  chips.chips = 2;
  for (RunRequest *r : {&ideal, &chips, &reference}) {
    r->data = BNNC_SOURCE_DIR "/samples/data/mnist_mlp-test-x.npy";
    r->threads = 3;
    ThreadWatch watch;
    run(*r, out, err);
    // Several runParallel calls may reuse ids; the threads of one call are distinct.
    EXPECT_GE(watch.threads(), 3u) << r->model << (r->ideal ? " --ideal" : "");
  }
  std::remove(image.c_str());
}

} // namespace
} // namespace bnnc::driver
