// Conv and MaxPool: padding, stride, dilation, auto_pad, ceil_mode, 1-D and 2-D, checked on
// hand-computed values and against a naive padded-copy reference on random data.
#include "unit/ir/eval_util.h"

#include <gtest/gtest.h>

#include <random>

namespace bnnc::test {
namespace {

using ir::Shape;

ir::Tensor image3x3() { return floats({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}); }
ir::Tensor ones2x2() { return floats({1, 1, 2, 2}, {1, 1, 1, 1}); }

TEST(Conv, ValidAndPadded2D) {
  ir::Tensor y = eval1(makeNode("Conv", 2), {image3x3(), ones2x2()});
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{12, 16, 24, 28}));
  // pads 1 on every side: 4x4 windows over the zero-padded image
  ir::Tensor p =
      eval1(makeNode("Conv", 2, {{"pads", attrInts({1, 1, 1, 1})}}), {image3x3(), ones2x2()});
  EXPECT_EQ(p.shape, (Shape{1, 1, 4, 4}));
  EXPECT_EQ(p.data.toDoubles(),
            (std::vector<double>{1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9}));
}

TEST(Conv, StrideDilationBias2D) {
  ir::Tensor s =
      eval1(makeNode("Conv", 2, {{"pads", attrInts({1, 1, 1, 1})}, {"strides", attrInts({2, 2})}}),
            {image3x3(), ones2x2()});
  EXPECT_EQ(s.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{1, 5, 11, 28}));
  // dilation 2: the 2x2 kernel reads the four corners, 1 + 3 + 7 + 9, plus bias 0.5
  ir::Tensor d = eval1(makeNode("Conv", 3, {{"dilations", attrInts({2, 2})}}),
                       {image3x3(), ones2x2(), floats({1}, {0.5})});
  EXPECT_EQ(d.shape, (Shape{1, 1, 1, 1}));
  EXPECT_EQ(d.data.toDoubles(), (std::vector<double>{20.5}));
}

TEST(Conv, OneDimensional) {
  ir::Tensor x = floats({1, 1, 5}, {1, 2, 3, 4, 5}), w = floats({1, 1, 3}, {1, 0, -1});
  // y[o] = x[o-1] - x[o+1] with zero padding
  ir::Tensor y = eval1(makeNode("Conv", 2, {{"pads", attrInts({1, 1})}}), {x, w});
  EXPECT_EQ(y.shape, (Shape{1, 1, 5}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{-2, -2, -2, -2, 4}));
  ir::Tensor s = eval1(makeNode("Conv", 2,
                                {{"pads", attrInts({1, 1})},
                                 {"strides", attrInts({2})},
                                 {"kernel_shape", attrInts({3})}}),
                       {x, w});
  EXPECT_EQ(s.data.toDoubles(), (std::vector<double>{-2, -2, 4}));
}

TEST(Conv, AutoPadSameUpperAndLower) {
  ir::Tensor x = floats({1, 1, 4}, {1, 2, 3, 4}), w = floats({1, 1, 2}, {1, 10});
  // total padding 1: SAME_UPPER pads the end, y[o] = x[o] + 10 x[o+1]
  ir::Tensor up = eval1(makeNode("Conv", 2, {{"auto_pad", attrString("SAME_UPPER")}}), {x, w});
  EXPECT_EQ(up.data.toDoubles(), (std::vector<double>{21, 32, 43, 4}));
  // SAME_LOWER pads the beginning, y[o] = x[o-1] + 10 x[o]
  ir::Tensor lo = eval1(makeNode("Conv", 2, {{"auto_pad", attrString("SAME_LOWER")}}), {x, w});
  EXPECT_EQ(lo.data.toDoubles(), (std::vector<double>{10, 21, 32, 43}));
  ir::Tensor v = eval1(makeNode("Conv", 2, {{"auto_pad", attrString("VALID")}}), {x, w});
  EXPECT_EQ(v.data.toDoubles(), (std::vector<double>{21, 32, 43}));
}

TEST(Conv, Errors) {
  EXPECT_EQ(evalError(makeNode("Conv", 2, {{"group", attrInt(2)}}), {image3x3(), ones2x2()}),
            "t.onnx: node 'n' (Conv, #3): error: group 2 is not supported, only group 1");
  EXPECT_EQ(
      evalError(makeNode("Conv", 2, {{"auto_pad", attrString("SAME")}}), {image3x3(), ones2x2()}),
      "t.onnx: node 'n' (Conv, #3): error: auto_pad 'SAME' is not supported");
  EXPECT_EQ(evalError(makeNode("Conv", 2, {{"pads", attrInts({1, 1})}}), {image3x3(), ones2x2()}),
            "t.onnx: node 'n' (Conv, #3): error: pads has 2 values, expected 4");
  EXPECT_EQ(
      evalError(makeNode("Conv", 2), {image3x3(), floats({1, 2, 2, 2}, std::vector<double>(8))}),
      "t.onnx: node 'n' (Conv, #3): error: Conv weight shape [1,2,2,2] does not match input "
      "shape [1,1,3,3]");
  EXPECT_EQ(
      evalError(makeNode("Conv", 2, {{"dilations", attrInts({3, 3})}}), {image3x3(), ones2x2()}),
      "t.onnx: node 'n' (Conv, #3): error: input size 3 is smaller than the window extent 4");
}

// Naive reference: copy the input into a zero-padded buffer, then plain sums.
std::vector<double> referenceConv(const ir::Tensor &x, const ir::Tensor &w, int64_t pad,
                                  int64_t stride, int64_t dil) {
  int64_t c = x.shape[1], h = x.shape[2], wd = x.shape[3], m = w.shape[0], k = w.shape[2];
  int64_t ph = h + 2 * pad, pw = wd + 2 * pad;
  std::vector<double> padded(c * ph * pw, 0.0);
  for (int64_t ci = 0; ci < c; ++ci)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < wd; ++j)
        padded[(ci * ph + i + pad) * pw + j + pad] = x.data[(ci * h + i) * wd + j];
  int64_t oh = (ph - dil * (k - 1) - 1) / stride + 1, ow = (pw - dil * (k - 1) - 1) / stride + 1;
  std::vector<double> out;
  for (int64_t mo = 0; mo < m; ++mo)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j) {
        double acc = 0;
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t a = 0; a < k; ++a)
            for (int64_t b = 0; b < k; ++b)
              acc += padded[(ci * ph + i * stride + a * dil) * pw + j * stride + b * dil] *
                     w.data[((mo * c + ci) * k + a) * k + b];
        out.push_back(acc);
      }
  return out;
}

TEST(Conv, MatchesNaiveReferenceOnRandomBinaryData) {
  const unsigned seed = 1234;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> bit(0, 1);
  for (int trial = 0; trial < 20; ++trial) {
    int64_t c = 1 + trial % 3, m = 1 + trial % 2, h = 5 + trial % 4, k = 1 + trial % 3;
    int64_t pad = trial % 2, stride = 1 + trial % 2, dil = 1 + (trial / 2) % 2;
    std::vector<double> xv(c * h * h), wv(m * c * k * k);
    for (double &v : xv)
      v = bit(rng) ? 1 : -1;
    for (double &v : wv)
      v = bit(rng) ? 1 : -1;
    ir::Tensor x = floats({1, c, h, h}, xv), w = floats({m, c, k, k}, wv);
    ir::Node n = makeNode("Conv", 2,
                          {{"pads", attrInts({pad, pad, pad, pad})},
                           {"strides", attrInts({stride, stride})},
                           {"dilations", attrInts({dil, dil})}});
    EXPECT_EQ(eval1(n, {x, w}).data.toDoubles(), referenceConv(x, w, pad, stride, dil))
        << "seed " << seed << " trial " << trial;
  }
}

ir::Node pool(std::map<std::string, ir::Attribute> attrs) {
  return makeNode("MaxPool", 1, std::move(attrs));
}

ir::Tensor iota(Shape shape) {
  std::vector<double> v(ir::numel(shape));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = double(i + 1);
  return floats(shape, v);
}

TEST(MaxPool, StridedAndCeilMode2D) {
  ir::Tensor y = eval1(pool({{"kernel_shape", attrInts({2, 2})}, {"strides", attrInts({2, 2})}}),
                       {iota({1, 1, 4, 4})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{6, 8, 14, 16}));
  // 5x5, kernel 2, stride 2: floor gives 2x2, ceil_mode 3x3 with half windows at the border
  ir::Tensor f = eval1(pool({{"kernel_shape", attrInts({2, 2})}, {"strides", attrInts({2, 2})}}),
                       {iota({1, 1, 5, 5})});
  EXPECT_EQ(f.data.toDoubles(), (std::vector<double>{7, 9, 17, 19}));
  ir::Tensor c = eval1(pool({{"kernel_shape", attrInts({2, 2})},
                             {"strides", attrInts({2, 2})},
                             {"ceil_mode", attrInt(1)}}),
                       {iota({1, 1, 5, 5})});
  EXPECT_EQ(c.shape, (Shape{1, 1, 3, 3}));
  EXPECT_EQ(c.data.toDoubles(), (std::vector<double>{7, 9, 10, 17, 19, 20, 22, 24, 25}));
}

TEST(MaxPool, CeilModeDropsAWindowStartingInThePadding) {
  // in 5, kernel 3, stride 3, pads 1/1: ceil((5 + 2 - 3) / 3) + 1 = 3 windows, but the third
  // would start at input position 5, entirely in the padding, so there are 2 (PyTorch's rule).
  ir::Tensor y = eval1(pool({{"kernel_shape", attrInts({3})},
                             {"strides", attrInts({3})},
                             {"pads", attrInts({1, 1})},
                             {"ceil_mode", attrInt(1)}}),
                       {iota({1, 1, 5})});
  EXPECT_EQ(y.shape, (Shape{1, 1, 2}));
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{2, 5}));
}

TEST(MaxPool, PaddingIsMinusInfinity1D) {
  // A zero padding would put 0 at both ends; -inf padding keeps the negative values.
  ir::Tensor y = eval1(pool({{"kernel_shape", attrInts({2})}, {"pads", attrInts({1, 1})}}),
                       {floats({1, 1, 3}, {-5, -3, -4})});
  EXPECT_EQ(y.data.toDoubles(), (std::vector<double>{-5, -3, -3, -4}));
  ir::Tensor d = eval1(pool({{"kernel_shape", attrInts({2})}, {"dilations", attrInts({2})}}),
                       {floats({1, 1, 5}, {1, 5, 2, 4, 3})});
  EXPECT_EQ(d.data.toDoubles(),
            (std::vector<double>{2, 5, 3})); // max(x0,x2), max(x1,x3), max(x2,x4)
}

TEST(MaxPool, Errors) {
  EXPECT_EQ(evalError(pool({{"kernel_shape", attrInts({2, 2})}, {"storage_order", attrInt(1)}}),
                      {iota({1, 1, 4, 4})}),
            "t.onnx: node 'n' (MaxPool, #3): error: storage_order 1 is not supported, only 0");
  EXPECT_EQ(evalError(makeNode("MaxPool", 1, {{"kernel_shape", attrInts({2, 2})}}, "", 2),
                      {iota({1, 1, 4, 4})}),
            "t.onnx: node 'n' (MaxPool, #3): error: the Indices output of MaxPool is not "
            "supported");
  EXPECT_EQ(evalError(pool({}), {iota({1, 1, 4, 4})}),
            "t.onnx: node 'n' (MaxPool, #3): error: missing required attribute 'kernel_shape'");
}

TEST(WindowGeometry, ReportsEffectiveTailPadding) {
  ir::Graph g;
  g.source = "t.onnx";
  ir::Node n = pool({{"kernel_shape", attrInts({2, 2})},
                     {"strides", attrInts({2, 2})},
                     {"ceil_mode", attrInt(1)}});
  std::vector<ir::WindowAxis> axes = ir::windowGeometry(g, n, {5, 4}, {2, 2});
  ASSERT_EQ(axes.size(), 2u);
  // 5 with ceil_mode: 3 windows reaching position 5, one past the input: tail padding 1
  EXPECT_EQ(axes[0].out, 3);
  EXPECT_EQ(axes[0].pad_tail, 1);
  EXPECT_EQ(axes[1].out, 2);
  EXPECT_EQ(axes[1].pad_tail, 0);
  ir::Node same =
      makeNode("Conv", 2, {{"auto_pad", attrString("SAME_LOWER")}, {"strides", attrInts({2})}});
  ir::WindowAxis w = ir::windowGeometry(g, same, {5}, {4})[0];
  // out = ceil(5/2) = 3, total = (3-1)*2 + 4 - 5 = 3, SAME_LOWER puts 2 at the head
  EXPECT_EQ(w.out, 3);
  EXPECT_EQ(w.pad_head, 2);
  EXPECT_EQ(w.pad_tail, 1);
}

} // namespace
} // namespace bnnc::test
