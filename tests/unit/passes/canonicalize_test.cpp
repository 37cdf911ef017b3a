// Golden tests of canonicalize-binarizers: each exporter pattern becomes one Binarize node.
#include "unit/passes/graph_util.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

std::string canonical(const ir::Graph &graph) {
  ir::Graph g = graph;
  passes::CompileOptions options;
  Diagnostics diag;
  passes::PassContext ctx{options, diag};
  passes::eliminateNoOps(g, ctx);
  passes::canonicalizeBinarizers(g, ctx);
  std::string text = passes::printGraph(g);
  return text.substr(text.find("\n#")); // nodes and output only
}

TEST(Canonicalize, StraightThroughSignSubAdd) {
  GraphBuilder b({1, 3});
  std::string x =
      b.node("clip", "Clip", {b.input(), b.constant("lo", {}, {-1}), b.constant("hi", {}, {1})});
  std::string s = b.node("sign", "Sign", {x});
  std::string d = b.node("sub", "Sub", {s, x});
  std::string y = b.node("ste", "Add", {x, d});
  y = b.node("id", "Identity", {y});
  EXPECT_EQ(canonical(b.finish(y)),
            "\n#0 'clip' clip:0 = Clip(x, lo, hi)\n"
            "#3 'ste' ste:0 = bnnc::Binarize[from_sign=1, high=1, low=-1, source_op=\"Add\", "
            "strict=0]"
            "(clip:0, ste:0::threshold)\n"
            "output ste:0 [1,3]\n");
}

TEST(Canonicalize, WhereWithMirroredLessFlipsTheScale) {
  // Where(0.5 > x, 2, -2): x < 0.5 gives +2, i.e. (x >= 0.5) ? -2 : 2.
  GraphBuilder b({1, 3});
  std::string c = b.node("cmp", "Greater", {b.constant("t", {}, {0.5}), b.input()});
  std::string y = b.node("w", "Where", {c, b.constant("a", {}, {2}), b.constant("b", {1}, {-2})});
  EXPECT_EQ(canonical(b.finish(y)),
            "\n#1 'w' w:0 = bnnc::Binarize[from_sign=0, high=-2, low=2, source_op=\"Where\", "
            "strict=0]"
            "(x, w:0::threshold)\n"
            "output w:0 [1,3]\n");
}

TEST(Canonicalize, BipolarQuantAndMultiThreshold) {
  GraphBuilder b({1, 2});
  std::string y = b.node("bq", "BipolarQuant", {b.input(), b.constant("s", {}, {1})}, {},
                         "qonnx.custom_op.general");
  std::map<std::string, ir::Attribute> mt;
  mt["out_scale"] = attrFloat(2);
  mt["out_bias"] = attrFloat(-1);
  y = b.node("mt", "MultiThreshold", {y, b.constant("T", {2, 1}, {0.5, -0.5})}, mt,
             "finn.custom_op.general");
  ir::Graph g = b.finish(y);
  EXPECT_EQ(canonical(g),
            "\n#0 'bq' bq:0 = bnnc::Binarize[from_sign=0, high=1, low=-1, "
            "source_op=\"qonnx.custom_op.general::BipolarQuant\", strict=0](x, bq:0::threshold)\n"
            "#1 'mt' mt:0 = bnnc::Binarize[from_sign=0, high=1, low=-1, "
            "source_op=\"finn.custom_op.general::MultiThreshold\", strict=0](bq:0, "
            "mt:0::threshold)\n"
            "output mt:0 [1,2]\n");
}

// FINN's streamlined form thresholds to {0, 1} (out_scale 1, out_bias 0): two levels, low 0 and
// high 1; a 1-bit signed QONNX Quant is bipolar by QONNX's rule, its scale and zero point become
// Div and Add steps before the comparison (levels (+-1 - z) * s).
TEST(Canonicalize, ZeroOneMultiThresholdAndBipolarIntQuant) {
  GraphBuilder b({1, 2});
  std::map<std::string, ir::Attribute> mt;
  mt["out_scale"] = attrFloat(1);
  std::string y = b.node("mt", "MultiThreshold", {b.input(), b.constant("T", {2, 1}, {0.5, -0.5})},
                         mt, "finn.custom_op.general");
  std::map<std::string, ir::Attribute> q;
  q["signed"] = attrInt(1);
  q["narrow"] = attrInt(1);
  y = b.node("q", "Quant",
             {y, b.constant("s", {}, {0.5}), b.constant("z", {}, {0.25}), b.constant("b", {}, {1})},
             q, "onnx.brevitas");
  EXPECT_EQ(canonical(b.finish(y)),
            "\n#0 'mt' mt:0 = bnnc::Binarize[from_sign=0, high=1, low=0, "
            "source_op=\"finn.custom_op.general::MultiThreshold\", strict=0](x, "
            "mt:0::threshold)\n"
            "#1 'q::scale' q::scale = Div(mt:0, q::scale::value)\n"
            "#1 'q::zeropt' q::zeropt = Add(q::scale, q::zeropt::value)\n"
            "#1 'q' q:0 = bnnc::Binarize[from_sign=0, high=0.375, low=-0.625, "
            "source_op=\"onnx.brevitas::Quant\", strict=0](q::zeropt, q:0::threshold)\n"
            "output q:0 [1,2]\n");
}

// More than two levels is a multi-bit activation: not a binarizer.
TEST(Canonicalize, MultiLevelQuantizersAreLeftAlone) {
  GraphBuilder b({1, 2});
  std::string y =
      b.node("mt", "MultiThreshold", {b.input(), b.constant("T", {2, 3}, {0, 1, 2, 0, 1, 2})}, {},
             "qonnx.custom_op.general");
  std::map<std::string, ir::Attribute> q;
  y = b.node("q", "Quant",
             {y, b.constant("s", {}, {1}), b.constant("z", {}, {0}), b.constant("b", {}, {2})}, q,
             "qonnx.custom_op.general");
  EXPECT_EQ(canonical(b.finish(y)),
            "\n#0 'mt' mt:0 = qonnx.custom_op.general::MultiThreshold(x, T)\n"
            "#1 'q' q:0 = qonnx.custom_op.general::Quant(mt:0, s, z, b)\n"
            "output q:0 [1,2]\n");
}

} // namespace
} // namespace bnnc::test
