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
  std::string x = b.node("clip", "Clip", {b.input(), b.constant("lo", {}, {-1}), b.constant("hi", {}, {1})});
  std::string s = b.node("sign", "Sign", {x});
  std::string d = b.node("sub", "Sub", {s, x});
  std::string y = b.node("ste", "Add", {x, d});
  y = b.node("id", "Identity", {y});
  EXPECT_EQ(canonical(b.finish(y)),
            "\n#0 'clip' clip:0 = Clip(x, lo, hi)\n"
            "#3 'ste' ste:0 = bnnc::Binarize[from_sign=1, scale=1, source_op=\"Add\", strict=0]"
            "(clip:0, ste:0::threshold)\n"
            "output ste:0 [1,3]\n");
}

TEST(Canonicalize, WhereWithMirroredLessFlipsTheScale) {
  // Where(0.5 > x, 2, -2): x < 0.5 gives +2, i.e. (x >= 0.5) ? -2 : 2.
  GraphBuilder b({1, 3});
  std::string c = b.node("cmp", "Greater", {b.constant("t", {}, {0.5}), b.input()});
  std::string y = b.node("w", "Where", {c, b.constant("a", {}, {2}), b.constant("b", {1}, {-2})});
  EXPECT_EQ(canonical(b.finish(y)),
            "\n#1 'w' w:0 = bnnc::Binarize[from_sign=0, scale=-2, source_op=\"Where\", strict=0]"
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
            "\n#0 'bq' bq:0 = bnnc::Binarize[from_sign=0, scale=1, source_op=\"BipolarQuant\", "
            "strict=0](x, bq:0::threshold)\n"
            "#1 'mt' mt:0 = bnnc::Binarize[from_sign=0, scale=1, source_op=\"MultiThreshold\", "
            "strict=0](bq:0, mt:0::threshold)\n"
            "output mt:0 [1,2]\n");
}

TEST(Canonicalize, NonBipolarMultiThresholdIsAnError) {
  GraphBuilder b({1, 2});
  std::map<std::string, ir::Attribute> mt;
  mt["out_scale"] = attrFloat(1);
  std::string y = b.node("mt", "MultiThreshold", {b.input(), b.constant("T", {2, 1}, {0.5, -0.5})},
                         mt, "finn.custom_op.general");
  try {
    canonical(b.finish(y));
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "test.onnx: node 'mt' (finn.custom_op.general::MultiThreshold, #0): "
                           "error: MultiThreshold is not bipolar (out_scale 1, out_bias 0); bnnc "
                           "needs out_bias = -out_scale / 2");
  }
}

} // namespace
} // namespace bnnc::test
