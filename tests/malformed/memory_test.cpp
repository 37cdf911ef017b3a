// Running out of memory on a legal input is an error like any other: exit code 1, one line
// naming the model, no output file. The address space is limited with `ulimit -v`, which
// AddressSanitizer cannot run under (it reserves terabytes of shadow memory): skipped there.
#include "malformed/malformed_util.h"
#include "sanitizers.h"
#include "unit/onnx/model_builder_util.h"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <sys/wait.h>

namespace bnnc::test {
namespace {

TEST(Memory, OutOfMemoryIsAnError) {
  if (kAddressSanitizer)
    GTEST_SKIP() << "ulimit -v and AddressSanitizer do not mix";
  TempDir tmp;
  // A legal model whose constant folding allocates 2^27 floats (512 MB) for a ConstantOfShape.
  ModelBuilder b;
  binarizedInput(b, {-1, 4});
  b.initializer("W", {4, 2}, {1, -1, 1, 1, -1, 1, -1, -1});
  b.initializerInt64("shape", {1}, {int64_t(1) << 27});
  b.node("MatMul", {"s", "W"}, {"y"}, {}, "fc");
  b.node("ConstantOfShape", {"shape"}, {"big"}, {}, "fill");
  b.output("y");
  std::string model = tmp.path("big.onnx"), out = tmp.path("o.bnn"), err = tmp.path("err");
  saveBytes(model, b.bytes());
  // 300 MB of address space: enough for bnnc and its libraries, not for the 512 MB tensor.
  std::string cmd = "ulimit -v 300000 && '" + std::string(BNNC_BINARY) + "' compile '" + model +
                    "' -o '" + out + "' 2>'" + err + "'";
  int status = std::system(cmd.c_str()); // runs /bin/sh -c

  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(loadBytes(err), model + ": error: out of memory while compiling this model\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  // bnnc inspect folds the same constants
  cmd = "ulimit -v 300000 && '" + std::string(BNNC_BINARY) + "' inspect '" + model + "' 2>'" + err +
        "' >/dev/null";
  status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(loadBytes(err), model + ": error: out of memory while inspecting this file\n");
}

} // namespace
} // namespace bnnc::test
