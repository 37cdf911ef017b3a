// Slice, Tile, Range and the reductions (ReduceSum..., ArgMax, TopK), with hand-computed values.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace bnnc::test {
namespace {

using ir::Shape;

const double kBig = 9.2233720368547758e18; // INT64_MAX as exporters write "to the end"

ir::Tensor matrix() { return floats({2, 3}, {1, 2, 3, 4, 5, 6}); }

TEST(Slice, InputsFromOpset10ClampAndCountFromTheEnd) {
  // rows 0.., columns 1..-1 (exclusive): column 1 only
  ir::Tensor y = eval1(makeNode("Slice", 4),
                       {matrix(), ints({2}, {0, 1}), ints({2}, {kBig, -1}), ints({2}, {0, 1})});
  EXPECT_EQ(y.shape, (Shape{2, 1}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{2, 5}));
  // a negative step from the last column past the first: the columns reversed
  ir::Tensor r = eval1(makeNode("Slice", 5), {matrix(), ints({1}, {-1}), ints({1}, {-kBig}),
                                              ints({1}, {1}), ints({1}, {-1})});
  EXPECT_EQ(r.data.toDoubles(), (std::vector<double>{3, 2, 1, 6, 5, 4}));
  // step 2 and an empty slice
  EXPECT_EQ(eval1(makeNode("Slice", 5),
                  {matrix(), ints({1}, {0}), ints({1}, {3}), ints({1}, {1}), ints({1}, {2})})
                .data.toDoubles(),
            (std::vector<double>{1, 3, 4, 6}));
  EXPECT_EQ(eval1(makeNode("Slice", 3), {matrix(), ints({1}, {2}), ints({1}, {1})}).shape,
            (Shape{0, 3}));
}

TEST(Slice, AttributesBeforeOpset10) {
  ir::Node n = makeNode(
      "Slice", 1, {{"starts", attrInts({1})}, {"ends", attrInts({3})}, {"axes", attrInts({1})}});
  EXPECT_EQ(eval1(n, {matrix()}, 9).data.toDoubles(), (std::vector<double>{2, 3, 5, 6}));
  EXPECT_EQ(evalError(makeNode("Slice", 5),
                      {matrix(), ints({1}, {0}), ints({1}, {1}), ints({1}, {0}), ints({1}, {0})}),
            "t.onnx: node 'n' (Slice, #3): error: a step must not be 0");
}

TEST(TileAndRange, HandComputed) {
  ir::Tensor t = eval1(makeNode("Tile", 2), {floats({1, 2}, {1, 2}), ints({2}, {2, 2})});
  EXPECT_EQ(t.shape, (Shape{2, 4}));
  EXPECT_EQ(t.data.toDoubles(), (std::vector<double>{1, 2, 1, 2, 1, 2, 1, 2}));
  EXPECT_EQ(
      eval1(makeNode("Range", 3), {ints({}, {0}), ints({}, {10}), ints({}, {3})}).data.toDoubles(),
      (std::vector<double>{0, 3, 6, 9}));
  EXPECT_EQ(eval1(makeNode("Range", 3), {floats({}, {1}), floats({}, {2}), floats({}, {0.25})})
                .data.toDoubles(),
            (std::vector<double>{1, 1.25, 1.5, 1.75}));
  EXPECT_EQ(eval1(makeNode("Range", 3), {ints({}, {5}), ints({}, {1}), ints({}, {1})}).numel(), 0);
}

TEST(Reduce, AxesAsInputFromOpset13OrAsAttribute) {
  ir::Tensor s =
      eval1(makeNode("ReduceSum", 2, {{"keepdims", attrInt(0)}}), {matrix(), ints({1}, {1})});
  EXPECT_EQ(s.shape, (Shape{2}));
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{6, 15}));
  ir::Tensor m = eval1(makeNode("ReduceMean", 1, {{"axes", attrInts({0})}}), {matrix()});
  EXPECT_EQ(m.shape, (Shape{1, 3}));
  EXPECT_EQ(m.data.toDoubles(), (std::vector<double>{2.5, 3.5, 4.5}));
  EXPECT_EQ(eval1(makeNode("ReduceMax", 1), {matrix()}).data.toDoubles(), (std::vector<double>{6}));
  EXPECT_EQ(
      eval1(makeNode("ReduceMin", 1, {{"axes", attrInts({-1})}}), {matrix()}).data.toDoubles(),
      (std::vector<double>{1, 4}));
  EXPECT_EQ(eval1(makeNode("ReduceProd", 1), {matrix()}).data.toDoubles(),
            (std::vector<double>{720}));
  ir::Tensor same =
      eval1(makeNode("ReduceSum", 1, {{"noop_with_empty_axes", attrInt(1)}}), {matrix()});
  EXPECT_EQ(same.data, matrix().data);
}

TEST(ArgMaxAndTopK, TiesGoToTheFirstIndexUnlessAskedOtherwise) {
  ir::Tensor x = floats({2, 3}, {1, 3, 3, 2, 2, 1});
  ir::Tensor a = eval1(makeNode("ArgMax", 1, {{"axis", attrInt(1)}}), {x});
  EXPECT_EQ(a.dtype(), ir::DType::Int64);
  EXPECT_EQ(a.shape, (Shape{2, 1}));
  EXPECT_EQ(a.data.toDoubles(), (std::vector<double>{1, 0}));
  ir::Tensor l = eval1(
      makeNode("ArgMax", 1,
               {{"axis", attrInt(1)}, {"select_last_index", attrInt(1)}, {"keepdims", attrInt(0)}}),
      {x});
  EXPECT_EQ(l.data.toDoubles(), (std::vector<double>{2, 1}));
  EXPECT_EQ(eval1(makeNode("ArgMin", 1, {{"axis", attrInt(1)}}), {x}).data.toDoubles(),
            (std::vector<double>{0, 2}));
  std::vector<ir::Tensor> k =
      eval(makeNode("TopK", 2, {}, "", 2), {floats({1, 4}, {1, 3, 3, 0}), ints({1}, {2})});
  EXPECT_EQ(k[0].data.toDoubles(), (std::vector<double>{3, 3}));
  EXPECT_EQ(k[1].data.toDoubles(), (std::vector<double>{1, 2}));
  std::vector<ir::Tensor> low = eval(makeNode("TopK", 2, {{"largest", attrInt(0)}}, "", 2),
                                     {floats({1, 4}, {1, 3, 3, 0}), ints({1}, {2})});
  EXPECT_EQ(low[1].data.toDoubles(), (std::vector<double>{3, 0}));
  EXPECT_EQ(evalError(makeNode("TopK", 2, {}, "", 2), {floats({1, 2}, {1, 2}), ints({1}, {3})}),
            "t.onnx: node 'n' (TopK, #3): error: k = 3 is outside [0, 2]");
}

} // namespace
} // namespace bnnc::test
