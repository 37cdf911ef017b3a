// Shape, ConstantOfShape, Expand, Reshape, Flatten, Squeeze, Unsqueeze, Concat, Gather and
// Transpose.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

using ir::DType;
using ir::Shape;

ir::Tensor zeros(Shape s) { return floats(s, std::vector<double>(ir::numel(s), 0.0)); }

TEST(ShapeOp, StartAndEnd) {
  ir::Tensor x = zeros({1, 3, 4, 5});
  ir::Tensor s = eval1(makeNode("Shape", 1), {x});
  EXPECT_EQ(s.dtype(), DType::Int64);
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{1, 3, 4, 5}));
  ir::Tensor t = eval1(makeNode("Shape", 1, {{"start", attrInt(1)}, {"end", attrInt(-1)}}), {x});
  EXPECT_EQ(t.data.toDoubles(), (std::vector<double>{3, 4}));
  ir::Tensor u = eval1(makeNode("Shape", 1, {{"start", attrInt(-10)}, {"end", attrInt(10)}}), {x});
  EXPECT_EQ(u.data.size(), 4u); // clamped to [0, rank]
}

TEST(ConstantOfShape, DefaultAndTypedValue) {
  ir::Tensor a = eval1(makeNode("ConstantOfShape", 1), {ints({2}, {2, 3})});
  EXPECT_EQ(a.shape, (Shape{2, 3}));
  EXPECT_EQ(a.dtype(), DType::Float);
  EXPECT_EQ(a.data.toDoubles(), std::vector<double>(6, 0.0));
  ir::Tensor b = eval1(makeNode("ConstantOfShape", 1, {{"value", attrTensor(ints({1}, {-1}))}}),
                       {ints({1}, {2})});
  EXPECT_EQ(b.dtype(), DType::Int64);
  EXPECT_EQ(b.data.toDoubles(), (std::vector<double>{-1, -1}));
}

TEST(Expand, BidirectionalBroadcast) {
  // [3,1] expanded with [2,1,4]: the 1s of the shape keep the input's size
  ir::Tensor y = eval1(makeNode("Expand", 2), {floats({3, 1}, {1, 2, 3}), ints({3}, {2, 1, 4})});
  EXPECT_EQ(y.shape, (Shape{2, 3, 4}));
  EXPECT_EQ(y.data[0], 1);
  EXPECT_EQ(y.data[4], 2);
  EXPECT_EQ(y.data[23], 3);
  EXPECT_EQ(evalError(makeNode("Expand", 2), {floats({1}, {1}), ints({2}, {65536, 65536})}),
            "t.onnx: node 'n' (Expand, #3): error: output shape [65536,65536] has more than "
            "268435456 elements");
}

TEST(Reshape, ZeroCopiesAndMinusOneInfers) {
  ir::Tensor x = zeros({2, 3, 4});
  EXPECT_EQ(eval1(makeNode("Reshape", 2), {x, ints({2}, {0, -1})}).shape, (Shape{2, 12}));
  EXPECT_EQ(eval1(makeNode("Reshape", 2), {x, ints({3}, {-1, 2, 2})}).shape, (Shape{6, 2, 2}));
  ir::Tensor e = eval1(makeNode("Reshape", 2, {{"allowzero", attrInt(1)}}),
                       {zeros({0, 3}), ints({2}, {3, 0})});
  EXPECT_EQ(e.shape, (Shape{3, 0}));
  EXPECT_EQ(evalError(makeNode("Reshape", 2), {x, ints({2}, {5, -1})}),
            "t.onnx: node 'n' (Reshape, #3): error: cannot reshape [2,3,4] to [5,-1]");
  EXPECT_EQ(evalError(makeNode("Reshape", 2), {x, ints({2}, {-1, -1})}),
            "t.onnx: node 'n' (Reshape, #3): error: shape [-1,-1] has more than one -1 or mixes "
            "-1 and allowzero");
}

TEST(Flatten, Axes) {
  ir::Tensor x = zeros({2, 3, 4});
  EXPECT_EQ(eval1(makeNode("Flatten", 1), {x}).shape, (Shape{2, 12}));
  EXPECT_EQ(eval1(makeNode("Flatten", 1, {{"axis", attrInt(0)}}), {x}).shape, (Shape{1, 24}));
  EXPECT_EQ(eval1(makeNode("Flatten", 1, {{"axis", attrInt(-1)}}), {x}).shape, (Shape{6, 4}));
  EXPECT_EQ(eval1(makeNode("Flatten", 1, {{"axis", attrInt(3)}}), {x}).shape, (Shape{24, 1}));
}

TEST(SqueezeUnsqueeze, AttributeFormBeforeOpset13) {
  ir::Tensor x = zeros({1, 3, 1});
  EXPECT_EQ(eval1(makeNode("Squeeze", 1, {{"axes", attrInts({-1})}}), {x}, 11).shape,
            (Shape{1, 3}));
  EXPECT_EQ(eval1(makeNode("Squeeze", 1), {x}, 11).shape, (Shape{3}));
  EXPECT_EQ(eval1(makeNode("Unsqueeze", 1, {{"axes", attrInts({0, 4})}}), {x}, 9).shape,
            (Shape{1, 1, 3, 1, 1}));
  EXPECT_EQ(evalError(makeNode("Squeeze", 2), {x, ints({1}, {0})}, 12),
            "t.onnx: node 'n' (Squeeze, #3): error: axes is an attribute before opset 13, not an "
            "input (model opset 12)");
}

TEST(SqueezeUnsqueeze, InputFormFromOpset13) {
  ir::Tensor x = zeros({1, 3, 1});
  EXPECT_EQ(eval1(makeNode("Squeeze", 2), {x, ints({1}, {0})}, 13).shape, (Shape{3, 1}));
  EXPECT_EQ(eval1(makeNode("Unsqueeze", 2), {x, ints({2}, {1, -1})}, 13).shape,
            (Shape{1, 1, 3, 1, 1}));
  EXPECT_EQ(evalError(makeNode("Squeeze", 1, {{"axes", attrInts({0})}}), {x}, 13),
            "t.onnx: node 'n' (Squeeze, #3): error: axes is an input from opset 13 on, not an "
            "attribute (model opset 13)");
  EXPECT_EQ(evalError(makeNode("Squeeze", 2), {x, ints({1}, {1})}, 13),
            "t.onnx: node 'n' (Squeeze, #3): error: cannot squeeze axis 1 of shape [1,3,1], its "
            "size is not 1");
}

TEST(Concat, AlongMiddleAxis) {
  ir::Tensor y = eval1(makeNode("Concat", 2, {{"axis", attrInt(1)}}),
                       {floats({2, 1}, {1, 2}), floats({2, 2}, {3, 4, 5, 6})});
  EXPECT_EQ(y.shape, (Shape{2, 3}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{1, 3, 4, 2, 5, 6}));
  ir::Tensor s = eval1(makeNode("Concat", 3, {{"axis", attrInt(-1)}}),
                       {ints({1}, {1}), ints({1}, {-1}), ints({2}, {7, 8})});
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{1, -1, 7, 8}));
  EXPECT_EQ(evalError(makeNode("Concat", 2, {{"axis", attrInt(0)}}),
                      {floats({1, 2}, {1, 2}), floats({1, 3}, {1, 2, 3})}),
            "t.onnx: node 'n' (Concat, #3): error: Concat inputs [1,2] (float) and [1,3] (float) "
            "differ outside axis 0");
}

TEST(Gather, ScalarAndNegativeIndices) {
  ir::Tensor shape = ints({4}, {1, 3, 4, 5});
  ir::Tensor g = eval1(makeNode("Gather", 2), {shape, ints({}, {0})});
  EXPECT_EQ(g.shape, Shape{});
  EXPECT_EQ(g.data.toDoubles(), (std::vector<double>{1}));
  ir::Tensor m = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  ir::Tensor c = eval1(makeNode("Gather", 2, {{"axis", attrInt(1)}}), {m, ints({2}, {-1, 0})});
  EXPECT_EQ(c.shape, (Shape{2, 2}));
  EXPECT_EQ(c.data.toDoubles(), (std::vector<double>{3, 1, 6, 4}));
  EXPECT_EQ(evalError(makeNode("Gather", 2), {m, ints({1}, {2})}),
            "t.onnx: node 'n' (Gather, #3): error: index 2 is out of range for axis 0 of size 2");
}

TEST(Transpose, DefaultAndExplicitPerm) {
  ir::Tensor m = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  ir::Tensor t = eval1(makeNode("Transpose", 1), {m});
  EXPECT_EQ(t.shape, (Shape{3, 2}));
  EXPECT_EQ(t.data.toDoubles(), (std::vector<double>{1, 4, 2, 5, 3, 6}));
  // [1,2,3] with perm (2,0,1) -> [3,1,2]: out[k][0][i] = in[0][i][k]
  ir::Tensor p = eval1(makeNode("Transpose", 1, {{"perm", attrInts({2, 0, 1})}}),
                       {floats({1, 2, 3}, {1, 2, 3, 4, 5, 6})});
  EXPECT_EQ(p.shape, (Shape{3, 1, 2}));
  EXPECT_EQ(p.data.toDoubles(), (std::vector<double>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(evalError(makeNode("Transpose", 1, {{"perm", attrInts({0, 0})}}), {m}),
            "t.onnx: node 'n' (Transpose, #3): error: perm [0,0] is not a permutation of rank 2");
}

} // namespace
} // namespace bnnc::test
