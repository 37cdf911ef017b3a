// Window attributes beyond kMaxWindowValue (2^24) are refused before any arithmetic on them
// (they overflowed 64 bits: a wrong message, or a pooling loop that ran for hours), and so is a
// node whose work passes kMaxNodeWork.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

TEST(WindowLimits, HugeKernelsStridesDilationsAndPads) {
  ir::Tensor x = floats({1, 1, 4, 4}, std::vector<double>(16, 1));
  const int64_t huge = int64_t(1) << 62;
  EXPECT_EQ(
      evalError(makeNode("MaxPool", 1,
                         {{"kernel_shape", attrInts({huge, 1})}, {"dilations", attrInts({1, 1})}}),
                {x}),
      "t.onnx: node 'n' (MaxPool, #3): error: kernel size must be <= 16777216, got "
      "[4611686018427387904,1]");
  EXPECT_EQ(
      evalError(makeNode("MaxPool", 1,
                         {{"kernel_shape", attrInts({2, 1})}, {"dilations", attrInts({huge, 1})}}),
                {x}),
      "t.onnx: node 'n' (MaxPool, #3): error: dilations must be <= 16777216, got "
      "4611686018427387904");
  EXPECT_EQ(evalError(makeNode("MaxPool", 1,
                               {{"kernel_shape", attrInts({2, 2})},
                                {"pads", attrInts({INT64_MAX - 7, 0, INT64_MAX - 7, 0})}}),
                      {x}),
            "t.onnx: node 'n' (MaxPool, #3): error: pads must be <= 16777216, got "
            "9223372036854775800");
  EXPECT_EQ(evalError(makeNode("Conv", 2, {{"strides", attrInts({huge, 1})}}),
                      {x, floats({1, 1, 1, 1}, {1})}),
            "t.onnx: node 'n' (Conv, #3): error: strides must be <= 16777216, got "
            "4611686018427387904");
  // At the limit: a 2^24 stride on a 4x4 image gives one window per axis.
  EXPECT_EQ(evalError(makeNode("Conv", 2, {{"strides", attrInts({1 << 24, 1 << 24})}}),
                      {x, floats({1, 1, 1, 1}, {1})}),
            "");
}

// A legal but absurd pooling: a 1024 x 1024 window slid over a 2048 x 2048 image is
// 1025 * 1025 outputs of 1048576 compares, 2^40 in all, hours in the interpreter.
TEST(WindowLimits, WorkPerNode) {
  ir::Tensor x = floats({1, 1, 2048, 2048}, {});
  x.data = ir::Elements(ir::DType::Float, size_t(2048) * 2048);
  EXPECT_EQ(evalError(makeNode("MaxPool", 1, {{"kernel_shape", attrInts({1024, 1024})}}), {x}),
            "t.onnx: node 'n' (MaxPool, #3): error: 1050625 outputs of 1048576 compares each are "
            "more than the limit of 4294967296 compares per node");
  EXPECT_EQ(ir::kMaxNodeWork, int64_t(1) << 32);
}

} // namespace
} // namespace bnnc::test
