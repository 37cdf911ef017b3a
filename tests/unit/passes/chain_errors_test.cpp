// Exact texts of the errors of a layer's linear op and of the per-channel chain after it: what
// does not fold into one threshold per channel is refused, naming the node.
#include "unit/passes/graph_util.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// x[1, 1, 4] -> Sign -> Conv(2 channels, kernel 1) -> ...
std::string signConv(GraphBuilder &b) {
  std::string a = b.node("sign0", "Sign", {b.input()});
  return b.node("conv", "Conv", {a, b.constant("Wc", {2, 1, 1}, {1, -1})});
}

// ... -> Flatten -> MatMul W2[8, 1]: the last layer.
std::string denseOut(GraphBuilder &b, std::string y) {
  y = b.node("flat", "Flatten", {y});
  return b.node("fc", "MatMul", {y, b.constant("W2", {8, 1}, std::vector<double>(8, 1))});
}

TEST(ChainErrors, ConstantsThatVaryAlongPositions) {
  GraphBuilder b({1, 1, 4});
  std::string y =
      b.node("add", "Add", {signConv(b), b.constant("B", {1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})});
  y = denseOut(b, b.node("sign1", "Sign", {y}));
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'add' (Add, #2): error: a constant operand varies along positions "
            "([1,2,4] against [1,2,1] per channel); bnnc folds per-channel constants only");
  GraphBuilder t({1, 1, 4});
  std::string ge = t.node("ge", "GreaterOrEqual",
                          {signConv(t), t.constant("T", {1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})});
  y = t.node("bin", "Where", {ge, t.constant("hi", {}, {1}), t.constant("lo", {}, {-1})});
  EXPECT_EQ(compileError(t.finish(denseOut(t, y))),
            "test.onnx: node 'bin' (Where, #3): error: the binarizer's threshold varies along "
            "positions");
}

TEST(ChainErrors, AReshapeThatMixesChannelsWithPositions) {
  GraphBuilder b({1, 1, 4});
  std::string y = b.node("rs", "Flatten", {signConv(b)});
  y = b.node("sign1", "Sign", {y});
  y = b.node("fc", "MatMul", {y, b.constant("W2", {8, 1}, std::vector<double>(8, 1))});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'rs' (Flatten, #2): error: reshapes [1,2,4] to [1,8] between a layer "
            "and its binarizer, mixing its 2 channels with positions; bnnc folds per-channel ops "
            "only (reshape after the binarizer)");
}

TEST(ChainErrors, ClipBoundThatIsNaN) {
  GraphBuilder b({1, 4}, 9); // Clip's bounds are attributes before opset 11
  std::string a = b.node("sign0", "Sign", {b.input()});
  std::string y = b.node("fc", "MatMul", {a, b.constant("W", {4, 2}, {1, -1, 1, 1, -1, 1, 1, 1})});
  y = b.node("clip", "Clip", {y}, {{"min", attrFloat(std::nan(""))}});
  y = b.node("sign1", "Sign", {y});
  y = b.node("fc2", "MatMul", {y, b.constant("W2", {2, 1}, {1, 1})});
  EXPECT_EQ(compileError(b.finish(y)),
            "test.onnx: node 'clip' (Clip, #2): error: attribute 'min' is nan");
}

TEST(ChainErrors, WeightsAndInputsOfTheLinearOp) {
  GraphBuilder v({1, 4});
  std::string a = v.node("sign0", "Sign", {v.input()});
  std::string y = v.node("fc", "MatMul", {a, v.node("tr", "Transpose", {a})});
  EXPECT_EQ(compileError(v.finish(y)), "test.onnx: node 'fc' (MatMul, #2): error: input 1 must be "
                                       "a constant weight tensor (bnnc compiles fixed weights "
                                       "only)");
  GraphBuilder r({1, 2, 4});
  a = r.node("sign0", "Sign", {r.input()});
  y = r.node("fc", "MatMul", {a, r.constant("W", {4, 1}, {1, -1, 1, 1})});
  EXPECT_EQ(compileError(r.finish(y)), "test.onnx: node 'fc' (MatMul, #1): error: input 'sign0:0' "
                                       "has shape [1,2,4]; bnnc expects [batch, features] (add a "
                                       "Flatten)");
  // A reshape of the batch axis: [2, 2] holds 4 inputs, the weight reads 2.
  GraphBuilder s({1, 4});
  a = s.node("sign0", "Sign", {s.input()});
  a = s.node("rs", "Reshape", {a, s.constant("shape", {2}, {2, 2}, ir::DType::Int64)});
  y = s.node("fc", "MatMul", {a, s.constant("W", {2, 3}, {1, -1, 1, 1, -1, 1})});
  EXPECT_EQ(compileError(s.finish(y)), "test.onnx: node 'fc' (MatMul, #2): error: weight 'W' has "
                                       "shape [2,3], which does not match 4 inputs");
  GraphBuilder x({1, 4});
  a = x.node("sign0", "Sign", {x.input()});
  y = x.node("fc", "XnorPopcountMatMul", {a, x.constant("W", {4, 2}, {1, 0, 1, 1, 0, 1, 1, 2})}, {},
             "qonnx.custom_op.general");
  EXPECT_EQ(compileError(x.finish(y)),
            "test.onnx: node 'fc' (qonnx.custom_op.general::XnorPopcountMatMul, #1): error: weight "
            "'W' holds 2 in output channel 1; XnorPopcountMatMul weights must be 0 or 1");
}

} // namespace
} // namespace bnnc::test
