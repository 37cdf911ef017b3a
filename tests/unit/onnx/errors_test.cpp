// Exact diagnostic texts of the importer.
#include "unit/onnx/model_builder_util.h"

#include "bnnc/onnx/importer.h"

#include <gtest/gtest.h>

namespace bnnc::test {
namespace {

std::string bytesError(const std::string &bytes) {
  Diagnostics diag;
  try {
    onnx::importModelBytes(bytes, "m.onnx", diag);
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST(ImportErrors, NotAProtobuf) {
  EXPECT_EQ(bytesError(std::string("\x0a\xff\xff\xff\xff\x0f", 6)),
            "m.onnx: error: not a valid ONNX model (protobuf parse failed)");
  EXPECT_EQ(bytesError("\x08"), "m.onnx: error: not a valid ONNX model (protobuf parse failed)");
  Diagnostics diag;
  try {
    onnx::importModel("/nonexistent/m.onnx", diag);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_STREQ(e.what(), "/nonexistent/m.onnx: error: cannot open file: No such file or "
                           "directory");
  }
}

ModelBuilder base() {
  ModelBuilder m(13);
  m.input("x", {1, 2});
  m.output("y");
  return m;
}

TEST(ImportErrors, UnsupportedOps) {
  ModelBuilder m = base();
  m.node("LSTM", {"x", "x", "x"}, {"y"}, {}, "lstm");
  EXPECT_EQ(m.importError(), "m.onnx: node 'lstm' (LSTM, #0): error: unsupported op LSTM");
  ModelBuilder q = base();
  q.node("Relu", {"x"}, {"r"});
  q.node("FloatQuant", {"r"}, {"y"}, {}, "", "qonnx.custom_op.general");
  EXPECT_EQ(q.importError(), "m.onnx: node 'FloatQuant_1' (qonnx.custom_op.general::FloatQuant, "
                             "#1): error: unsupported op qonnx.custom_op.general::FloatQuant");
}

// Every node with a problem is named in one error, in graph order; the import goes on past the
// first so that the user fixes a model in one pass.
TEST(ImportErrors, EveryUnsupportedNodeIsListed) {
  ModelBuilder m = base();
  m.node("Softplus", {"x"}, {"a"}, {}, "soft");
  m.node("Relu", {"a"}, {"b"}, {attrF("alpha", 0.1f)}, "act");
  m.node("Mish", {"b"}, {"y"}, {}, "mish");
  EXPECT_EQ(m.importError(),
            "m.onnx: node 'soft' (Softplus, #0): error: unsupported op Softplus\n"
            "m.onnx: node 'act' (Relu, #1): error: unsupported attribute 'alpha' for Relu\n"
            "m.onnx: node 'mish' (Mish, #2): error: unsupported op Mish");
}

// An op without a kernel whose inputs are all constant only computes a constant: the message
// says so (it would have been folded).
TEST(ImportErrors, AnUnknownOpOnConstantsSaysItOnlyComputesAConstant) {
  ModelBuilder m = base();
  m.initializer("w", {2}, {1, 2});
  m.node("Softplus", {"w"}, {"sw"}, {}, "weight_fn");
  m.node("Mul", {"x", "sw"}, {"y"});
  EXPECT_EQ(m.importError(),
            "m.onnx: node 'weight_fn' (Softplus, #0): error: unsupported op Softplus: it only "
            "computes a constant from constant inputs (a weight, a shape or a normalization "
            "factor), but bnnc cannot evaluate Softplus to fold it (docs/passes.md lists the ops "
            "it folds)");
}

TEST(ImportErrors, UnsupportedAttributes) {
  ModelBuilder m = base();
  m.node("Relu", {"x"}, {"y"}, {attrF("alpha", 0.1f)}, "act");
  EXPECT_EQ(m.importError(),
            "m.onnx: node 'act' (Relu, #0): error: unsupported attribute 'alpha' for Relu");
  ModelBuilder p(13);
  p.input("x", {1, 1, 4, 4});
  p.node("MaxPool", {"x"}, {"y"}, {attrInts("kernel_shape", {2, 2}), attrI("storage_order", 1)},
         "pool");
  p.output("y");
  EXPECT_EQ(p.importError(),
            "m.onnx: node 'pool' (MaxPool, #0): error: storage_order 1 is not supported, only 0");
  ModelBuilder k = base();
  k.node("Flatten", {"x"}, {"y"}, {attrS("axis", "1")});
  EXPECT_EQ(k.importError(), "m.onnx: node 'Flatten_0' (Flatten, #0): error: attribute 'axis' "
                             "must be of type int, got string");
}

TEST(ImportErrors, DanglingInputs) {
  ModelBuilder never = base();
  never.node("Add", {"x", "ghost"}, {"y"}, {}, "add");
  EXPECT_EQ(never.importError(), "m.onnx: node 'add' (Add, #0): error: input 'ghost' is not "
                                 "produced by any node, initializer or graph input");
  ModelBuilder later = base();
  later.node("Relu", {"h"}, {"y"}, {}, "second");
  later.node("Neg", {"x"}, {"h"}, {}, "first");
  EXPECT_EQ(later.importError(),
            "m.onnx: node 'second' (Relu, #0): error: input 'h' is produced by node 'first' (#1), "
            "which comes later; nodes must be in topological order");
  ModelBuilder twice = base();
  twice.node("Relu", {"x"}, {"y"}, {}, "a");
  twice.node("Neg", {"x"}, {"y"}, {}, "b");
  EXPECT_EQ(twice.importError(),
            "m.onnx: node 'b' (Neg, #1): error: output 'y' is already produced by node 'a' (#0)");
  ModelBuilder out = base();
  out.node("Relu", {"x"}, {"z"});
  EXPECT_EQ(out.importError(),
            "m.onnx: output 'y': error: not produced by any node, initializer or graph input");
}

TEST(ImportErrors, BatchNormEpsilon) {
  ModelBuilder m(13);
  m.input("x", {1, 2});
  for (const char *name : {"g", "b", "mu", "var"})
    m.initializer(name, {2}, {1, 1});
  m.node("Relu", {"x"}, {"r"}, {}, "relu1");
  m.node("BatchNormalization", {"r", "g", "b", "mu", "var"}, {"y"}, {attrF("epsilon", -1e-5f)},
         "bn2");
  m.output("y");
  EXPECT_EQ(m.importError(), "m.onnx: node 'bn2' (BatchNormalization, #1): error: epsilon must "
                             "be positive, got -1e-05");
}

TEST(ImportErrors, ConvGroup) {
  ModelBuilder m(13);
  m.input("x", {1, 2, 3, 3});
  m.initializer("w", {2, 1, 1, 1}, {1, 1});
  m.node("Conv", {"x", "w"}, {"y"}, {attrI("group", 2)}, "conv1");
  m.output("y");
  EXPECT_EQ(m.importError(),
            "m.onnx: node 'conv1' (Conv, #0): error: group 2 is not supported, only group 1");
}

TEST(ImportErrors, GraphInputs) {
  ModelBuilder two = base();
  two.input("x2", {1, 2});
  two.node("Add", {"x", "x2"}, {"y"});
  EXPECT_EQ(two.importError(), "m.onnx: error: the graph has 2 inputs ('x', 'x2') besides its "
                               "initializers; bnnc needs exactly one");
  ModelBuilder none(13);
  none.initializer("c", {1}, {1});
  none.node("Identity", {"c"}, {"y"});
  none.output("y");
  EXPECT_EQ(
      none.importError(),
      "m.onnx: error: the graph has 0 inputs besides its initializers; bnnc needs exactly one");
  ModelBuilder dyn(13);
  dyn.input("img", {1, 3, 1, 1});
  dyn.proto()
      .mutable_graph()
      ->mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(2)
      ->set_dim_param("height");
  dyn.node("Relu", {"img"}, {"y"});
  dyn.output("y");
  EXPECT_EQ(dyn.importError(), "m.onnx: input 'img': error: dimension 2 is dynamic ('height'); "
                               "only the first (batch) dimension may be");
  ModelBuilder unset(13);
  unset.input("img", {1, -1});
  unset.node("Relu", {"img"}, {"y"});
  unset.output("y");
  EXPECT_EQ(unset.importError(), "m.onnx: input 'img': error: dimension 1 has no size; only the "
                                 "first (batch) dimension may be dynamic");
}

TEST(ImportErrors, ModelLevel) {
  ModelBuilder m = base();
  m.node("Relu", {"x"}, {"y"});
  m.proto().clear_opset_import();
  EXPECT_EQ(m.importError(), "m.onnx: error: the model imports no opset of the default ONNX "
                             "domain");
  ModelBuilder a = base();
  a.node("Relu", {"x"}, {"y"}, {}, "r");
  pb::NodeProto *n = a.proto().mutable_graph()->mutable_node(0);
  n->add_attribute()->CopyFrom(attrI("k", 1));
  n->add_attribute()->CopyFrom(attrI("k", 2));
  EXPECT_EQ(a.importError(), "m.onnx: node 'r' (Relu, #0): error: attribute 'k' is given twice");
  ModelBuilder big(13);
  big.input("x", {1, 2});
  big.initializerInt64("shape", {3}, {65536, 65536, 2});
  big.node("Expand", {"x", "shape"}, {"y"}, {}, "grow");
  big.output("y");
  EXPECT_EQ(big.importError(), "m.onnx: node 'grow' (Expand, #0): error: output shape "
                               "[65536,65536,2] has more than 268435456 elements");
}

// Sparse initializers (which no exporter bnnc reads writes) are refused by name; a graph that
// declares no output has nothing to compile.
TEST(ImportErrors, SparseInitializersAndNoOutput) {
  ModelBuilder m = base();
  m.node("Relu", {"x"}, {"y"});
  pb::SparseTensorProto *sparse = m.proto().mutable_graph()->add_sparse_initializer();
  *sparse->mutable_values() = floatTensor({1}, {1.5f});
  sparse->mutable_values()->set_name("W");
  *sparse->mutable_indices() = int64Tensor({1}, {0});
  sparse->add_dims(4);
  EXPECT_EQ(m.importError(),
            "m.onnx: initializer 'W': error: sparse initializers are not supported");
  ModelBuilder none(13);
  none.input("x", {1, 2});
  none.node("Relu", {"x"}, {"y"});
  EXPECT_EQ(none.importError(), "m.onnx: error: the graph has no output");
}

} // namespace
} // namespace bnnc::test
