// Folded constants are stored at the width of their dtype: a Sign(W) chain of a large float
// weight keeps float32 elements (4 bytes each), its comparison one byte per element.
#include "unit/onnx/model_builder_util.h"

#include "bnnc/ir/interpreter.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

// sign(W) as PyTorch exports torch.where(W >= 0, 1, -1), for a [256, 512] weight.
ModelBuilder signChain() {
  ModelBuilder m(13);
  m.input("x", {1, 512});
  std::vector<float> w(256 * 512);
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = float(int(i % 7) - 3) * 0.25f;
  m.initializer("W", {256, 512}, w, Storage::Raw);
  m.node("Constant", {}, {"zero"}, {attrT("value", floatTensor({}, {0}))});
  m.node("GreaterOrEqual", {"W", "zero"}, {"ge"});
  m.node("Constant", {}, {"one"}, {attrT("value", floatTensor({}, {1}))});
  m.node("Constant", {}, {"minus_one"}, {attrT("value", floatTensor({}, {-1}))});
  m.node("Where", {"ge", "one", "minus_one"}, {"wb"});
  m.node("Gemm", {"x", "wb"}, {"y"}, {attrI("transB", 1)});
  m.output("y");
  return m;
}

TEST(FoldStorage, LargeFloatConstantKeepsFloat32Elements) {
  ir::Graph g = signChain().import();
  const ir::Tensor *wb = g.constant("wb");
  ASSERT_NE(wb, nullptr);
  EXPECT_EQ(wb->dtype(), ir::DType::Float);
  EXPECT_EQ(wb->numel(), 256 * 512);
  EXPECT_EQ(wb->data.elementBytes(), 4u);
  EXPECT_EQ(wb->data.capacityBytes(), size_t(4 * 256 * 512)); // not 8 bytes per element
  EXPECT_EQ(wb->data[0], -1);                                 // sign(-0.75)
  EXPECT_EQ(wb->data[3], 1);                                  // sign(0) is +1 here
  EXPECT_EQ(g.constant("W"), nullptr); // the latent weight went once its sign was folded
}

TEST(FoldStorage, ComparisonIsOneBytePerElement) {
  ir::Graph g = signChain().import();
  ir::Node ge = {"ge", "GreaterOrEqual", "", 0, {"wb", "zero"}, {"mask"}, {}};
  ir::Tensor zero = ir::Tensor::scalar(0);
  ir::Tensor mask = ir::evalNode(g, ge, {g.constant("wb"), &zero})[0];
  EXPECT_EQ(mask.dtype(), ir::DType::Bool);
  EXPECT_EQ(mask.data.capacityBytes(), size_t(256 * 512));
}

} // namespace
} // namespace bnnc::test
